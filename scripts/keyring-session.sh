#!/usr/bin/env bash
# Runs a command inside a private, unlocked Secret Service (GNOME Keyring on a private D-Bus
# session bus), so tests exercise the real OS keychain without touching the user's own.
# Usage: dbus-run-session -- bash scripts/keyring-session.sh CMD ARGS...
set -euo pipefail
keyrings="$(mktemp -d -t trident-keyring-XXXXXX)"
# --unlock reads the password from stdin and creates/unlocks the default ("login") keyring
eval "$(printf 'trident-test' | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
export TRIDENT_TEST_KEYRING=1
exec "$@"

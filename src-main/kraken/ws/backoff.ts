/**
 * Reconnect delay: exponential with full jitter (so a fleet of clients cut at once does not
 * reconnect in lockstep), capped. `random` is injected so tests can pin it.
 */
export function reconnectDelayMs(
  attempt: number,
  random: () => number,
  baseMs = 250,
  capMs = 10_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16))
  return Math.max(100, Math.round(ceiling * random()))
}

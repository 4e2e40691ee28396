/** Field names that carry a secret in any payload we might log or store. */
const SECRET_FIELD = /secret|password|passphrase|private.?key|api.?key|token|otp/i

/**
 * A copy of `value` with every secret-looking field replaced. Applied to anything that goes to
 * the audit log or a log line, so a command that carries credentials (profiles.save) can be
 * audited without the credentials ever reaching disk.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]'
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[k] =
        SECRET_FIELD.test(k) && v !== undefined && v !== null && v !== ''
          ? '[redacted]'
          : redact(v, depth + 1)
    return out
  }
  return value
}

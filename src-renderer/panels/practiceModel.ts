import type { ReplayView } from '../../src-preload/contract/replay'

type Replaying = Extract<ReplayView, { replay: true }>

/** "2026-11-30 14:03:07 UTC" from the clock's ISO text */
export function clockWords(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

export function speedWords(speed: Replaying['speed']): string {
  return speed === 'max' ? 'max' : `${speed}×`
}

/** The seek slider's position (0..1000) as a receive time in ns, exact (bigint, no double). */
export function seekNs(v: Pick<Replaying, 'firstNs' | 'lastNs'>, permille: number): string {
  const first = BigInt(v.firstNs)
  const span = BigInt(v.lastNs) - first
  const p = BigInt(Math.max(0, Math.min(1000, Math.round(permille))))
  return (first + (span * p) / 1000n).toString()
}

/** "PnL -12.50 USD (realised -10.00, unrealised -2.50, fees 0.26) · max drawdown 20.00 USD" per quote */
export function resultWords(v: Replaying): string[] {
  if (v.result.length === 0) return ['No fills yet: PnL 0']
  return v.result.map(
    (r) =>
      `PnL ${r.pnl} ${r.quote} (realised ${r.realised}, unrealised ${r.unrealised}, fees ${r.fees}) · max drawdown ${r.maxDrawdown} ${r.quote}`,
  )
}

/**
 * Where a replay profile starts, from what the trader typed: nothing (the first book), a time of
 * day on the recording's first day ("14:03" or "14:03:07", UTC), or a date and time
 * ("2026-11-30 14:03:07"). Returns ns since 1970 as text, null for nothing; throws in words.
 */
export function startNsOf(text: string, recordingStarted: string | null): string | null {
  const t = text.trim()
  if (!t) return null
  const time = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t)
  const full = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?Z?$/.exec(t)
  let day: string | undefined
  let hms: (string | undefined)[]
  if (time) {
    if (!recordingStarted) throw new Error('This recording does not say its day: enter the date too')
    day = recordingStarted.slice(0, 10)
    hms = time.slice(1)
  } else if (full) {
    day = full[1]
    hms = full.slice(2)
  } else
    throw new Error(
      `Start "${t}": enter a UTC time like 14:03:07, or a date and time like 2026-11-30 14:03:07`,
    )
  const [h, m, s] = hms.map((x) => (x ?? '0').padStart(2, '0'))
  const ms = Date.parse(`${day}T${h}:${m}:${s}Z`)
  if (Number.isNaN(ms) || Number(h) > 23 || Number(m) > 59 || Number(s) > 59)
    throw new Error(`Start "${t}" is not a time`)
  return (BigInt(ms) * 1_000_000n).toString()
}

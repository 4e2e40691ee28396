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

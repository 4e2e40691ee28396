/**
 * The derivatives positions table and the status bar's margin gauge, in words (issue 17). Pure:
 * main's exact texts in, display texts out; nothing passes through a float.
 */
import { MARGIN_AMBER_LEVEL, MARGIN_RED_LEVEL, type MarginState } from '../../src-domain/derivatives'
import type { DerivPositionView, FundingView, MarginView } from '../../src-preload/contract/derivatives'
import { leverageWords } from './derivativesModel'
import { compareText, grouped, isZeroText, pctDistance, wholePart, withinPct } from './exactText'

/** One derivatives position as the positions panel shows it, cell by cell. */
export interface PositionCells {
  contract: string
  /** signed contracts: "+0.5" long, "-1.25" short */
  size: string
  entry: string
  mark: string
  /** "—" when no price liquidates it */
  liquidation: string
  unrealised: string
  realised: string
  /** "paid 0.84" / "received 0.5" (main: positive = paid) */
  funding: string
  margin: string
  /** "3.21× · 5× isolated": effective leverage, then the market's preference */
  leverage: string
}

export function positionCells(p: DerivPositionView): PositionCells {
  const size = p.size.trim()
  const funding = p.fundingPaid.trim()
  return {
    contract: p.symbol,
    size: size.startsWith('-') || isZeroText(size) ? size : `+${size}`,
    entry: grouped(p.entryPrice),
    mark: grouped(p.markPrice),
    liquidation: p.liquidationPrice === '' ? '—' : grouped(p.liquidationPrice),
    unrealised: grouped(p.unrealisedPnl),
    realised: grouped(p.realisedPnl),
    funding: isZeroText(funding)
      ? '0'
      : funding.startsWith('-')
        ? `received ${grouped(funding.slice(1))}`
        : `paid ${grouped(funding)}`,
    margin: grouped(p.initialMargin),
    leverage: `${p.effectiveLeverage}× · ${leverageWords(p.maxLeverage)}`,
  }
}

/** A relative funding rate as a percentage, exactly ("0.000012" -> "0.0012%", "-0.0005" -> "-0.05%"). */
export function ratePct(rate: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(rate.trim())
  if (!m) return rate
  const int = m[2] ?? '0'
  const frac = (m[3] ?? '').padEnd(2, '0')
  const whole = (int + frac.slice(0, 2)).replace(/^0+(?=\d)/, '')
  const rest = frac.slice(2).replace(/0+$/, '')
  return `${m[1]}${whole}${rest ? `.${rest}` : ''}%`
}

/** "PF_XBTUSD funding 0.0012% per period, next 14:00 UTC" */
export function fundingWords(f: FundingView): string {
  const at = new Date(f.nextAt).toISOString().slice(11, 16)
  return `${f.symbol} funding ${ratePct(f.rate)}, next ${at} UTC`
}

/** What each gauge state says, so colour is never the only sign. */
export const MARGIN_STATE_WORDS: Record<MarginState, string> = {
  ok: 'OK',
  amber: 'LOW',
  red: 'CRITICAL',
  liquidation: 'LIQUIDATING',
}

/** "Margin 3.40× · 7,812 USD free · OK" (free margin cut to whole units; the exact figure is in the title). */
export function marginGaugeText(m: MarginView): string {
  const level = m.marginLevel === '' ? 'no positions' : `${m.marginLevel}×`
  return `Margin ${level} · ${grouped(wholePart(m.available))} ${m.currency} free · ${MARGIN_STATE_WORDS[m.state]}`
}

export function marginGaugeTitle(m: MarginView): string {
  return (
    `Equity ${m.equity} ${m.currency}, initial margin ${m.initialMargin}, maintenance margin ` +
    `${m.maintenanceMargin}, available ${m.available}. Margin level = equity ÷ maintenance margin: ` +
    `amber below ${MARGIN_AMBER_LEVEL}×, red below ${MARGIN_RED_LEVEL}×, liquidation below 1×.`
  )
}

/**
 * Warnings the status bar raises: the margin state when amber or worse, and every position whose
 * mark is within `warnPct` % of its liquidation price (the trader's risk limit; absent: none).
 */
export function marginWarnings(
  margin: MarginView | null,
  positions: readonly DerivPositionView[],
  warnPct?: string,
): string[] {
  const out: string[] = []
  const level = margin?.marginLevel ? `${margin.marginLevel}×` : ''
  if (margin?.state === 'amber')
    out.push(
      `Margin low: level ${level} is below ${MARGIN_AMBER_LEVEL}× — add collateral or reduce positions`,
    )
  else if (margin?.state === 'red')
    out.push(
      `Margin critical: level ${level} is below ${MARGIN_RED_LEVEL}× — liquidation is near, reduce positions or add collateral now`,
    )
  else if (margin?.state === 'liquidation')
    out.push(`Liquidation: margin level ${level} is below 1× — Kraken is closing positions`)
  if (warnPct && compareText(warnPct, '0') === 1) {
    for (const p of positions) {
      if (p.liquidationPrice === '' || isZeroText(p.size)) continue
      if (!withinPct(p.liquidationPrice, p.markPrice, warnPct)) continue
      const away = pctDistance(p.liquidationPrice, p.markPrice) ?? '?'
      out.push(
        `${p.symbol} is ${away}% from liquidation: mark ${grouped(p.markPrice)}, liquidation price ${grouped(p.liquidationPrice)} (warning within ${warnPct}%)`,
      )
    }
  }
  return out
}

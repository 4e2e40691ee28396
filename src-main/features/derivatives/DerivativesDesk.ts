import { dropOldest } from '../../../src-domain/bounded'
import type {
  DerivativesView,
  DerivPositionView,
  MarginView,
} from '../../../src-preload/contract/derivatives'
import type { DerivativesPermission } from '../../../src-domain/derivatives'
import type { Instrument } from '../../core/instruments/InstrumentRegistry'
import {
  effectiveLeverage,
  fx,
  isolatedLiquidationPrice,
  isolatedMargin,
  liquidationPrice,
  marginFor,
  marginLevel,
  marginState,
  nearLiquidation,
  sum,
  text,
  tierFor,
  unrealisedPnl,
} from '../../core/derivatives/marginMaths'
import type {
  UwsLedgerEntry,
  UwsMargin,
  UwsPosition,
  UwsPreferences,
  UwsTicker,
} from '../../kraken/uws/types'

export interface DerivativesDeskDeps {
  instrument: (symbol: string) => Instrument | null
  /** the trader's liquidation-distance warning, percent (absent: none) */
  liquidationWarnPct: () => string | undefined
  /** the venue's leverage preference request (Unified WS set_preference); null: not connected */
  setPreference: () => ((symbol: string, maxLeverage: number | null) => Promise<void>) | null
  notice: (level: 'info' | 'warn', text: string) => void
  /** refuse in words: said on the notices board and thrown to the window that asked */
  refuse: (text: string) => never
  publish: () => void
}

/**
 * Ledger ids kept to count each funding payment once (issue 20: they were kept all day). The
 * ledgers channel sends no snapshot, so an entry comes again only when a message is repeated,
 * right after the first; funding is paid at most hourly per contract, so a thousand ids hold
 * days of payments.
 */
export const LEDGER_IDS_KEPT = 1000

/**
 * The trader's derivatives account as the venue reports it (Unified WS positions, margin,
 * ledgers, preferences and tickers): positions marked at Kraken's mark price, each with its
 * liquidation price, PnL and funding; the wallet's margin and its gauge. Kraken holds these
 * positions, so they are read from the venue, not summed from fills as spot positions are.
 */
export class DerivativesDesk {
  private readonly positions = new Map<string, UwsPosition>()
  private readonly tickers = new Map<string, UwsTicker>()
  /** funding paid per contract since its position opened (positive: paid) */
  private readonly funding = new Map<string, string>()
  /** funding entries counted, by ledger id (the newest LEDGER_IDS_KEPT, oldest dropped first) */
  private readonly seenLedger = new Set<string>()
  private margin: UwsMargin | null = null
  private prefs: UwsPreferences | null = null
  /** liquidation warnings said, so a mark hovering near one is said once per approach */
  private readonly warned = new Set<string>()
  private gaugeSaid: MarginView['state'] = 'ok'
  private online = false
  private detail = 'Derivatives: not connected to the venue yet'

  constructor(private readonly d: DerivativesDeskDeps) {}

  /** signed contracts held in a contract ('0' when flat or unknown) */
  size(symbol: string): string {
    return this.positions.get(symbol)?.size ?? '0'
  }

  held(): string[] {
    return [...this.positions.values()].filter((p) => fx(p.size) !== 0n).map((p) => p.symbol)
  }

  /** The link to the venue's derivatives endpoint: whether it is up, in words when not. */
  setLink(online: boolean, detail: string): void {
    this.online = online
    this.detail = detail
    this.d.publish()
  }

  onPositions(list: readonly UwsPosition[], snapshot: boolean): void {
    if (snapshot) this.positions.clear()
    for (const p of list) {
      const before = this.positions.get(p.symbol)
      // a position that closed is reported with size 0 (Kraken, §4.2): its funding starts over
      if (fx(p.size) === 0n || (before && fx(before.size) > 0n !== fx(p.size) > 0n)) {
        this.funding.delete(p.symbol)
        this.warned.delete(p.symbol)
      }
      if (fx(p.size) === 0n) this.positions.delete(p.symbol)
      else this.positions.set(p.symbol, p)
    }
    this.changed()
  }

  onMargin(m: UwsMargin): void {
    this.margin = m
    this.changed()
  }

  onTicker(t: UwsTicker): void {
    this.tickers.set(t.symbol, t)
    if (this.positions.has(t.symbol)) this.changed()
  }

  onLedger(entries: readonly UwsLedgerEntry[]): void {
    for (const e of entries) {
      if (e.type !== 'funding' || !e.symbol || this.seenLedger.has(e.id)) continue
      this.seenLedger.add(e.id)
      dropOldest(this.seenLedger, LEDGER_IDS_KEPT)
      // Kraken books a payment as a negative amount: funding paid is its opposite
      this.funding.set(e.symbol, usd(fx(this.funding.get(e.symbol) ?? '0') - fx(e.amount)))
    }
    this.changed()
  }

  onPreferences(p: UwsPreferences): void {
    this.prefs = p
    this.d.publish()
  }

  async setLeverage(symbol: string, maxLeverage: number | null): Promise<DerivativesView> {
    const inst = this.d.instrument(symbol)
    if (!inst || inst.assetClass !== 'derivatives')
      this.d.refuse(`${symbol} is not a derivatives contract: leverage is set per derivatives market`)
    const send = this.d.setPreference() ?? this.d.refuse(`Cannot set ${symbol} leverage: ${this.detail}`)
    try {
      await send(symbol, maxLeverage)
    } catch (e) {
      this.d.refuse(`Kraken refused ${symbol} leverage ${maxLeverage ?? 'cross'}: ${(e as Error).message}`)
    }
    const leverage = (this.prefs?.leverage ?? []).filter((l) => l.symbol !== symbol)
    leverage.push({ symbol, maxLeverage: maxLeverage === null ? null : String(maxLeverage) })
    this.prefs = { permission: this.prefs?.permission ?? 'enabled', leverage }
    this.d.publish()
    return this.view()
  }

  view(): DerivativesView {
    const positions = [...this.positions.values()]
      .map((p) => this.positionView(p))
      .filter((v): v is DerivPositionView => v !== null)
    return {
      available: this.online,
      detail: this.online ? '' : this.detail,
      permission: (this.prefs?.permission ?? 'unknown') as DerivativesPermission,
      positions,
      margin: this.marginView(),
      funding: [...this.tickers.values()].map((t) => ({
        symbol: t.symbol,
        rate: t.fundingRate,
        nextAt: t.nextFundingAt,
      })),
      leverage: (this.prefs?.leverage ?? []).map((l) => ({ symbol: l.symbol, maxLeverage: l.maxLeverage })),
    }
  }

  private marginView(): MarginView | null {
    const m = this.margin
    if (!m) return null
    const level = marginLevel(m.marginEquity, m.maintenanceMargin)
    return {
      currency: 'USD',
      equity: text(fx(m.marginEquity), 2),
      initialMargin: text(fx(m.initialMargin), 2),
      maintenanceMargin: text(fx(m.maintenanceMargin), 2),
      available: fx(m.availableMargin) > 0n ? text(fx(m.availableMargin), 2) : '0.00',
      marginLevel: level,
      state: marginState(level),
    }
  }

  private positionView(p: UwsPosition): DerivPositionView | null {
    const inst = this.d.instrument(p.symbol)
    const terms = inst?.contract
    if (!inst || !terms) return null
    const t = this.tickers.get(p.symbol)
    const mark = t?.markPrice ?? ''
    const cs = terms.contractSize
    const tier = tierFor(terms.marginLevels, p.size)
    // no liquidation price or leverage before the venue said the wallet's equity
    const equity = this.margin?.marginEquity
    const others = [...this.positions.values()]
      .filter((o) => o.symbol !== p.symbol)
      .map((o) => this.maintenanceOf(o))
    // nor before Kraken said whether the market is cross or isolated: the two prices differ widely
    const liq =
      mark === '' || equity === undefined || this.prefs === null
        ? ''
        : liquidationPrice(
            {
              size: p.size,
              mark,
              contractSize: cs,
              maintenanceRate: tier.maintenanceMargin,
              equity,
              otherMaintenance: sum(others, 2),
            },
            inst.pricePrecision,
          )
    const pref = this.prefs?.leverage.find((l) => l.symbol === p.symbol)
    // a market at fixed leverage is isolated: the position holds notional ÷ leverage and can lose
    // only that; cross margin draws on the whole wallet (Kraken's set_preference, §5.6)
    const fixed = pref?.maxLeverage ?? null
    const isolatedLiq =
      fixed === null
        ? null
        : isolatedLiquidationPrice(p.size, p.entryPrice, fixed, tier.maintenanceMargin, inst.pricePrecision)
    return {
      symbol: p.symbol,
      size: p.size,
      entryPrice: p.entryPrice,
      markPrice: mark,
      indexPrice: t?.indexPrice ?? '',
      liquidationPrice: isolatedLiq ?? liq,
      unrealisedPnl: mark === '' ? '' : unrealisedPnl(p.size, p.entryPrice, mark, cs),
      realisedPnl: p.realisedPnl,
      fundingPaid: this.funding.get(p.symbol) ?? '0.00',
      initialMargin:
        mark === ''
          ? ''
          : fixed === null
            ? marginFor(p.size, mark, cs, tier.initialMargin)
            : isolatedMargin(p.size, p.entryPrice, cs, fixed),
      maintenanceMargin: mark === '' ? '' : marginFor(p.size, mark, cs, tier.maintenanceMargin),
      effectiveLeverage:
        mark === '' || equity === undefined ? '' : effectiveLeverage(p.size, mark, cs, equity),
      maxLeverage: pref?.maxLeverage ?? null,
    }
  }

  private maintenanceOf(p: UwsPosition): string {
    const terms = this.d.instrument(p.symbol)?.contract
    const mark = this.tickers.get(p.symbol)?.markPrice
    if (!terms || !mark) return '0'
    return marginFor(p.size, mark, terms.contractSize, tierFor(terms.marginLevels, p.size).maintenanceMargin)
  }

  /** Something moved: warn once per approach to liquidation and per gauge step down, then publish. */
  private changed(): void {
    const v = this.view()
    const pct = this.d.liquidationWarnPct()
    for (const p of v.positions) {
      const near = pct !== undefined && nearLiquidation(p.markPrice, p.liquidationPrice, pct)
      if (near && !this.warned.has(p.symbol)) {
        this.warned.add(p.symbol)
        this.d.notice(
          'warn',
          `${p.symbol}: mark ${p.markPrice} is within ${pct}% of the liquidation price ${p.liquidationPrice}`,
        )
      } else if (!near) this.warned.delete(p.symbol)
    }
    const state = v.margin?.state ?? 'ok'
    const rank = { ok: 0, amber: 1, red: 2, liquidation: 3 }
    if (rank[state] > rank[this.gaugeSaid] && v.margin)
      this.d.notice(
        'warn',
        `Derivatives margin ${state === 'liquidation' ? 'below maintenance: Kraken liquidates' : state}: equity ${v.margin.equity} USD is ${v.margin.marginLevel}× the maintenance margin ${v.margin.maintenanceMargin} USD`,
      )
    this.gaugeSaid = state
    this.d.publish()
  }
}

/**
 * USD to the cent, or to the unit of the amount when it is smaller: funding on a small position
 * is fractions of a cent per interval, and "0.00 paid" would hide that it is charged at all.
 */
function usd(v: bigint): string {
  const full = text(v, 8).replace(/0+$/, '')
  const [w, f = ''] = full.split('.')
  return `${w}.${f.padEnd(2, '0')}`
}

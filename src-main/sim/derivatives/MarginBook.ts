/**
 * The derivatives market's accounts: one USD margin account per exchange account, its leverage
 * preferences, fills booked into positions (with their ledger entries), and the views clients are
 * sent (positions, margin, preferences). The market (DerivativesMarket) drives it.
 */
import { randomUUID } from 'node:crypto'
import { KrakenError, type Fill } from '../engine/types'
import { initialWithLeverage, leverageRefusal } from './leverage'
import type { Liquidator } from './Liquidator'
import { MarginAccount, type Marks } from './MarginAccount'
import { PERP_SYMBOLS } from './perpInstruments'
import { marginState, type DerivEvent, type LedgerEntry, type MarginState } from './perpState'

const MARGIN_THROTTLE_MS = 1000

export interface PositionView {
  symbol: string
  /** signed qty units: + long */
  size: bigint
  /** average entry, decimal text; null with no position */
  entryPrice: string | null
  /** realised trading PnL of this market so far (money) */
  realisedPnl: bigint
  /** funding accrued and not yet settled (money, + = received) */
  unrealisedFunding: bigint
}

export class MarginBook {
  readonly accounts = new Map<string, MarginAccount>()
  private readonly prefs = new Map<string, Map<string, bigint>>()
  private readonly realised = new Map<string, bigint>()
  private readonly lastMargin = new Map<string, string>()
  private readonly lastMarginAt = new Map<string, number>()
  private ledgerSeq = 0

  constructor(
    private readonly collateral: bigint,
    private readonly marks: () => Marks,
    private readonly emit: (e: DerivEvent) => void,
  ) {}

  add(name: string, collateral = this.collateral): MarginAccount {
    let a = this.accounts.get(name)
    if (!a) this.accounts.set(name, (a = new MarginAccount(name, collateral)))
    return a
  }

  get(name: string): MarginAccount {
    const a = this.accounts.get(name)
    if (!a) throw new KrakenError('EGeneral:Permission denied')
    return a
  }

  prefsOf(account: string): ReadonlyMap<string, bigint> {
    return this.prefs.get(account) ?? new Map()
  }

  /** Book a fill; a liquidation fill that leaves no position has any shortfall absorbed. */
  applyFill(acct: MarginAccount, fill: Fill, liquidation: boolean, liquidator: Liquidator): void {
    const accrued = acct.position(fill.symbol)?.fundingAccrued ?? 0n
    const { realised } = acct.applyFill({
      symbol: fill.symbol,
      side: fill.side,
      qty: fill.qty,
      price: BigInt(fill.price),
      fee: fill.fee,
    })
    // the balance never goes below zero: once no position is left the exchange takes it (Liquidator)
    if (liquidation && acct.positions().length === 0) liquidator.absorbedTotal += acct.absorbShortfall()
    const key = `${acct.id}\n${fill.symbol}`
    this.realised.set(key, (this.realised.get(key) ?? 0n) + realised)
    // a fill changes the net position: the funding accrued so far settled first (MarginAccount)
    if (accrued !== 0n) this.ledger(acct, 'funding', fill.symbol, accrued, 0n)
    this.ledger(acct, 'trade', fill.symbol, realised - fill.fee, fill.fee, realised, fill.tradeId)
    this.emit({ kind: 'positions', account: acct.id, symbols: [fill.symbol] })
  }

  ledger(
    acct: MarginAccount,
    type: LedgerEntry['type'],
    symbol: string,
    amount: bigint,
    fee: bigint,
    realisedPnl?: bigint,
    ref?: string,
  ): void {
    const entry: LedgerEntry = {
      id: `L${(++this.ledgerSeq).toString().padStart(9, '0')}`,
      refId: ref ?? randomUUID(),
      time: Date.now(),
      type,
      symbol,
      amount,
      fee,
      balance: acct.balance,
    }
    if (realisedPnl !== undefined) entry.realisedPnl = realisedPnl
    this.emit({ kind: 'ledger', account: acct.id, entry })
  }

  /** Positions of `account` in `symbols` (a closed one with size 0), or all it holds. */
  positions(account: string, symbols?: readonly string[]): PositionView[] {
    const acct = this.get(account)
    const list = symbols ?? acct.positions().map((p) => p.symbol)
    return list.map((symbol) => ({
      symbol,
      size: acct.sizeOf(symbol),
      entryPrice: acct.averageEntry(symbol),
      realisedPnl: this.realised.get(`${account}\n${symbol}`) ?? 0n,
      unrealisedFunding: acct.position(symbol)?.fundingAccrued ?? 0n,
    }))
  }

  margin(account: string): MarginState {
    return marginState(this.get(account), this.marks(), this.prefsOf(account), initialWithLeverage)
  }

  /**
   * Tell `margin` subscribers when the account's margin state changed since it was last told.
   * `throttled` (the clock's calls, where only marks and accruing funding moved): at most once a
   * second per account, so a position does not stream ten margin messages a second.
   */
  publishMargin(account: string, throttled = false): void {
    const now = Date.now()
    if (throttled && now - (this.lastMarginAt.get(account) ?? 0) < MARGIN_THROTTLE_MS) return
    const key = Object.values(this.margin(account)).join(',')
    if (this.lastMargin.get(account) === key) return
    this.lastMargin.set(account, key)
    this.lastMarginAt.set(account, now)
    this.emit({ kind: 'margin', account })
  }

  /** symbol -> max leverage (millionths) or null (cross), for every perpetual */
  leverage(account: string): Map<string, bigint | null> {
    const p = this.prefs.get(account)
    return new Map(PERP_SYMBOLS.map((s) => [s, p?.get(s) ?? null]))
  }

  /** §5.6: a number = fixed max leverage, null = cross; refusals in Kraken's words. */
  setLeverage(account: string, symbol: string, lev: bigint | null): void {
    const acct = this.get(account)
    const prefs = this.prefs.get(account) ?? new Map<string, bigint>()
    const refused = leverageRefusal(acct, symbol, lev, this.marks(), prefs)
    if (refused) throw new KrakenError(refused)
    if (lev === null) prefs.delete(symbol)
    else prefs.set(symbol, lev)
    this.prefs.set(account, prefs)
    this.emit({ kind: 'preferences', account })
    this.publishMargin(account)
  }
}

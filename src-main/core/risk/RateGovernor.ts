/**
 * Client-side model of Kraken's rate limits, so Trident refuses (with a reason) before Kraken
 * would. Pure: the clock is injected. Written independently of the simulator's enforcement; the
 * integration tests run one against the other.
 *
 *  REST call counter (per API key): +1 per call, +2 for history/ledger calls; trading calls use
 *  the trading counter instead.
 *  Trading counter (per pair, shared by REST, WS and FIX): add +1, amend +1 plus a penalty for
 *  young orders, edit +1 plus a larger penalty, cancel a penalty only; batch add n/2.
 */
import type { RateTier } from '../../../src-domain/profiles'

export type { RateTier }

const REST_TIERS: Record<RateTier, { max: number; decay: number }> = {
  starter: { max: 15, decay: 0.33 },
  intermediate: { max: 20, decay: 0.5 },
  pro: { max: 20, decay: 1 },
}
const TRADING_TIERS: Record<RateTier, { max: number; decay: number }> = {
  starter: { max: 60, decay: 1 },
  intermediate: { max: 125, decay: 2.34 },
  pro: { max: 180, decay: 3.75 },
}

/** Age-based penalty steps: points for an order younger than each bound (seconds). */
const STEPS_SECONDS = [5, 10, 15, 45, 90, 300] as const
const PENALTY = {
  amend: [3, 2, 1, 0, 0, 0],
  edit: [6, 5, 4, 2, 1, 0],
  cancel: [8, 6, 5, 4, 2, 1],
} as const

function agePenalty(kind: keyof typeof PENALTY, ageMs: number): number {
  const idx = STEPS_SECONDS.findIndex((s) => ageMs < s * 1000)
  return idx < 0 ? 0 : PENALTY[kind][idx]!
}

export type TradingAction =
  | { kind: 'add' }
  | { kind: 'amend'; ageMs: number }
  | { kind: 'edit'; ageMs: number }
  | { kind: 'cancel'; ageMs: number }
  | { kind: 'batchAdd'; count: number }
  | { kind: 'batchCancel'; agesMs: number[] }

export function tradingPoints(a: TradingAction): number {
  switch (a.kind) {
    case 'add':
      return 1
    case 'amend':
      return 1 + agePenalty('amend', a.ageMs)
    case 'edit':
      return 1 + agePenalty('edit', a.ageMs)
    case 'cancel':
      return agePenalty('cancel', a.ageMs)
    case 'batchAdd':
      return a.count / 2
    case 'batchCancel':
      return a.agesMs.reduce((s, age) => s + agePenalty('cancel', age), 0)
  }
}

/**
 * Derivatives: Kraken publishes no Unified WS or derivatives FIX limits (docs/kraken-derivatives.md
 * §8); its only published derivatives budget is the Derivatives REST one — 500 points per 10 s,
 * an order, amend or cancel 10, a batch 9 + its size, cancel-all 25 (kraken-api.md §4.3) — kept
 * here as the one client-side budget for every derivatives order, whichever wire carries it.
 */
export const DERIVATIVES_BUDGET = { max: 500, decay: 50 } as const
/** The derivatives budget's counter in snapshots and the rate-limits view. */
export const DERIVATIVES_COUNTER = 'derivatives'

/**
 * Points of a pair's trading counter that new orders and amends leave free: only cancels and the
 * bracket desk's own legs and resizes ('protective') may use them. A trader busy
 * adding must still be able to pull an order — a cancel of one younger than 5 s costs 8 — and a
 * filled entry must still get its stop and target (1 each). Without it, adds that filled the
 * counter held back a filled target's cancel of its stop, and the stop filled too while it waited
 * (the bracket soak).
 */
export const TRADING_KEPT = 10
/** The derivatives budget's own: one cancel (10) and a bracket's two legs (10 each). */
export const DERIVATIVES_KEPT = 30

/** What takes from the counter and may use the points kept free. */
export type Priority = 'normal' | 'protective'

/** Adds and amends keep the reserve unless protective; cancels never keep it (they lower risk). */
function kept(action: TradingAction, priority: Priority, reserve: number): number {
  if (priority === 'protective' || action.kind === 'cancel' || action.kind === 'batchCancel') return 0
  return reserve
}

/** The counter an instrument's orders are charged to: every contract's is the derivatives budget. */
export function counterOf(inst: { id: string; assetClass?: string }): string {
  return inst.assetClass === 'derivatives' ? DERIVATIVES_COUNTER : inst.id
}

export function derivativesPoints(a: TradingAction): number {
  switch (a.kind) {
    case 'batchAdd':
      return 9 + a.count
    case 'batchCancel':
      return 9 + a.agesMs.length
    default:
      return 10
  }
}

const REST_DOUBLE = new Set(['Ledgers', 'QueryLedgers', 'TradesHistory'])
const REST_TRADING = new Set([
  'AddOrder',
  'AddOrderBatch',
  'AmendOrder',
  'EditOrder',
  'CancelOrder',
  'CancelOrderBatch',
])

export function restPoints(method: string): number {
  if (REST_TRADING.has(method)) return 0
  return REST_DOUBLE.has(method) ? 2 : 1
}

export type Decision =
  | { ok: true; points: number; level: number; max: number }
  | { ok: false; points: number; level: number; max: number; retryInMs: number; reason: string }

interface Counter {
  level: number
  at: number
}

export interface RateLoad {
  rest: { level: number; max: number }
  /** `normalUpTo`: where a normal add or amend stops (the rest is kept, `TRADING_KEPT`) */
  trading: { symbol: string; level: number; max: number; normalUpTo: number }[]
}

export interface GovernorSnapshot {
  rest: Counter
  trading: [string, Counter][]
}

export class RateGovernor {
  private rest: Counter = { level: 0, at: 0 }
  private readonly trading = new Map<string, Counter>()

  /**
   * `margin` points are kept free below Kraken's limits: our counter and Kraken's are not
   * sampled at the same instant, so we stop a little early rather than late.
   */
  constructor(
    private readonly tier: RateTier,
    private readonly now: () => number,
    private readonly margin = 1,
  ) {}

  /** Where a request stops: Kraken's maximum less our margin and the points it must leave free. */
  private ceiling(max: number, keep: number): number {
    return max - this.margin - keep
  }

  private read(c: Counter, decay: number): number {
    const t = this.now()
    c.level = Math.max(0, c.level - ((t - c.at) / 1000) * decay)
    c.at = t
    return c.level
  }

  private decide(
    c: Counter,
    limits: { max: number; decay: number },
    points: number,
    what: string,
    force = false,
    keep = 0,
  ): Decision {
    const level = this.read(c, limits.decay)
    const ceiling = this.ceiling(limits.max, keep)
    if (!force && points > 0 && level + points > ceiling) {
      const retryInMs = Math.ceil(((level + points - ceiling) / limits.decay) * 1000)
      const counter = what.startsWith('REST')
        ? 'REST call counter'
        : what.endsWith('derivatives')
          ? 'derivatives budget'
          : 'trading counter'
      // named whenever it applies: the wait is to where this request may go, not Kraken's limit
      const into = keep > 0 ? `, into the last ${keep} kept for cancels and protective orders` : ''
      return {
        ok: false,
        points,
        level,
        max: limits.max,
        retryInMs,
        reason: `${what} would take Kraken's ${counter} to ${(level + points).toFixed(1)} of ${limits.max}${into}; wait ${(retryInMs / 1000).toFixed(1)} s`,
      }
    }
    c.level = level + points
    return { ok: true, points, level: c.level, max: limits.max }
  }

  /** Charge a REST call if it fits. */
  tryRest(method: string): Decision {
    return this.decide(this.rest, REST_TIERS[this.tier], restPoints(method), `REST ${method}`)
  }

  /**
   * Charge a trading action on `symbol` if it fits (a batch cancel always goes through, as on
   * Kraken); a normal add or amend leaves the last `TRADING_KEPT` points free.
   */
  tryTrading(symbol: string, action: TradingAction, priority: Priority = 'normal'): Decision {
    let c = this.trading.get(symbol)
    if (!c) this.trading.set(symbol, (c = { level: 0, at: this.now() }))
    return this.decide(
      c,
      TRADING_TIERS[this.tier],
      tradingPoints(action),
      `${action.kind} on ${symbol}`,
      action.kind === 'batchCancel',
      kept(action, priority, TRADING_KEPT),
    )
  }

  /** Charge a derivatives order, amend or cancel against the derivatives budget if it fits. */
  tryDerivatives(action: TradingAction, priority: Priority = 'normal'): Decision {
    let c = this.trading.get(DERIVATIVES_COUNTER)
    if (!c) this.trading.set(DERIVATIVES_COUNTER, (c = { level: 0, at: this.now() }))
    return this.decide(
      c,
      DERIVATIVES_BUDGET,
      derivativesPoints(action),
      `${action.kind} on derivatives`,
      false,
      kept(action, priority, DERIVATIVES_KEPT),
    )
  }

  /** Align with a counter value Kraken reported (executions `ratecounter`), never lowering ours. */
  observeTrading(symbol: string, level: number): void {
    const c = this.trading.get(symbol) ?? { level: 0, at: this.now() }
    this.read(c, TRADING_TIERS[this.tier].decay)
    c.level = Math.max(c.level, level)
    this.trading.set(symbol, c)
  }

  /**
   * Kraken said the REST counter is full (we cannot know what other processes or a previous run
   * spent on this key): assume it is at its maximum and let it decay from there.
   */
  observeRestLimited(): void {
    this.read(this.rest, REST_TIERS[this.tier].decay)
    this.rest.level = REST_TIERS[this.tier].max
  }

  /**
   * The counters as they stand (ms-since-epoch stamps), for the journal: Kraken's counters are
   * per account and outlive our process, so a restart must not start from zero.
   */
  snapshot(): GovernorSnapshot {
    return { rest: { ...this.rest }, trading: [...this.trading].map(([s, c]) => [s, { ...c }]) }
  }

  /** Take counters saved by an earlier run; they decay for the time in between, never go up. */
  restore(s: GovernorSnapshot): void {
    const ok = (c: unknown): c is Counter =>
      !!c && Number.isFinite((c as Counter).level) && Number.isFinite((c as Counter).at)
    if (ok(s.rest) && s.rest.at <= this.now()) this.rest = { level: Math.max(0, s.rest.level), at: s.rest.at }
    for (const [symbol, c] of Array.isArray(s.trading) ? s.trading : [])
      if (typeof symbol === 'string' && ok(c) && c.at <= this.now())
        this.trading.set(symbol, { level: Math.max(0, c.level), at: c.at })
  }

  load(): RateLoad {
    const rest = REST_TIERS[this.tier]
    const trading = TRADING_TIERS[this.tier]
    return {
      rest: { level: this.read(this.rest, rest.decay), max: rest.max },
      trading: [...this.trading].map(([symbol, c]) => {
        const derivatives = symbol === DERIVATIVES_COUNTER
        const l = derivatives ? DERIVATIVES_BUDGET : trading
        const normalUpTo = this.ceiling(l.max, derivatives ? DERIVATIVES_KEPT : TRADING_KEPT)
        return { symbol, level: this.read(c, l.decay), max: l.max, normalUpTo }
      }),
    }
  }
}

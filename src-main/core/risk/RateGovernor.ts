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
  trading: { symbol: string; level: number; max: number }[]
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
  ): Decision {
    const level = this.read(c, limits.decay)
    const ceiling = limits.max - this.margin
    if (!force && points > 0 && level + points > ceiling) {
      const retryInMs = Math.ceil(((level + points - ceiling) / limits.decay) * 1000)
      return {
        ok: false,
        points,
        level,
        max: limits.max,
        retryInMs,
        reason: `${what} would take Kraken's ${what.startsWith('REST') ? 'REST call counter' : what.endsWith('derivatives') ? 'derivatives budget' : 'trading counter'} to ${(level + points).toFixed(1)} of ${limits.max}; wait ${(retryInMs / 1000).toFixed(1)} s`,
      }
    }
    c.level = level + points
    return { ok: true, points, level: c.level, max: limits.max }
  }

  /** Charge a REST call if it fits. */
  tryRest(method: string): Decision {
    return this.decide(this.rest, REST_TIERS[this.tier], restPoints(method), `REST ${method}`)
  }

  /** Charge a trading action on `symbol` if it fits (a batch cancel always goes through, as on Kraken). */
  tryTrading(symbol: string, action: TradingAction): Decision {
    let c = this.trading.get(symbol)
    if (!c) this.trading.set(symbol, (c = { level: 0, at: this.now() }))
    return this.decide(
      c,
      TRADING_TIERS[this.tier],
      tradingPoints(action),
      `${action.kind} on ${symbol}`,
      action.kind === 'batchCancel',
    )
  }

  /** Charge a derivatives order, amend or cancel against the derivatives budget if it fits. */
  tryDerivatives(action: TradingAction): Decision {
    let c = this.trading.get(DERIVATIVES_COUNTER)
    if (!c) this.trading.set(DERIVATIVES_COUNTER, (c = { level: 0, at: this.now() }))
    return this.decide(c, DERIVATIVES_BUDGET, derivativesPoints(action), `${action.kind} on derivatives`)
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
        const l = symbol === DERIVATIVES_COUNTER ? DERIVATIVES_BUDGET : trading
        return { symbol, level: this.read(c, l.decay), max: l.max }
      }),
    }
  }
}

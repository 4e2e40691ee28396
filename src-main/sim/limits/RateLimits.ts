import { KrakenError } from '../engine/types'

/**
 * Kraken's rate-limit model as the exchange enforces it (see ../shared/docs/kraken-api.md §4):
 *  - a REST call counter per account, decaying continuously;
 *  - a trading counter per account and pair, shared by REST, WS and FIX, with age-based penalties
 *    for cancels, amends and edits of young orders.
 * The simulator keeps its own implementation; the client's governor is written separately so the
 * two check each other.
 */
export type Tier = 'starter' | 'intermediate' | 'pro'

export const REST_LIMITS: Record<Tier, { max: number; decayPerSec: number }> = {
  starter: { max: 15, decayPerSec: 0.33 },
  intermediate: { max: 20, decayPerSec: 0.5 },
  pro: { max: 20, decayPerSec: 1 },
}

export const TRADING_LIMITS: Record<Tier, { threshold: number; decayPerSec: number }> = {
  starter: { threshold: 60, decayPerSec: 1 },
  intermediate: { threshold: 125, decayPerSec: 2.34 },
  pro: { threshold: 180, decayPerSec: 3.75 },
}

/** Penalty by order age (ms since created or last amended): [ageBelowMs, points], first match wins. */
const AMEND_PENALTY: [number, number][] = [
  [5_000, 3],
  [10_000, 2],
  [15_000, 1],
]
const EDIT_PENALTY: [number, number][] = [
  [5_000, 6],
  [10_000, 5],
  [15_000, 4],
  [45_000, 2],
  [90_000, 1],
]
const CANCEL_PENALTY: [number, number][] = [
  [5_000, 8],
  [10_000, 6],
  [15_000, 5],
  [45_000, 4],
  [90_000, 2],
  [300_000, 1],
]

function penalty(table: [number, number][], ageMs: number): number {
  for (const [below, pts] of table) if (ageMs < below) return pts
  return 0
}

export const tradingCost = {
  add: (): number => 1,
  amend: (ageMs: number): number => 1 + penalty(AMEND_PENALTY, ageMs),
  edit: (ageMs: number): number => 1 + penalty(EDIT_PENALTY, ageMs),
  cancel: (ageMs: number): number => penalty(CANCEL_PENALTY, ageMs),
  batchAdd: (n: number): number => n / 2,
}

/** REST methods that cost 2 on the call counter; trading methods use the trading counter instead. */
const REST_COST_2 = new Set(['Ledgers', 'QueryLedgers', 'TradesHistory'])
const REST_COST_0 = new Set([
  'AddOrder',
  'AddOrderBatch',
  'AmendOrder',
  'EditOrder',
  'CancelOrder',
  'CancelOrderBatch',
])

export function restCost(method: string): number {
  if (REST_COST_0.has(method)) return 0
  return REST_COST_2.has(method) ? 2 : 1
}

class DecayingCounter {
  private value = 0
  private at = 0
  constructor(private readonly decayPerSec: number) {}
  read(now: number): number {
    const v = Math.max(0, this.value - ((now - this.at) / 1000) * this.decayPerSec)
    this.value = v
    this.at = now
    return v
  }
  add(n: number, now: number): number {
    this.value = this.read(now) + n
    return this.value
  }
}

export class SimRateLimits {
  private readonly rest = new Map<string, DecayingCounter>()
  private readonly trading = new Map<string, DecayingCounter>()

  constructor(
    private tier: Tier,
    private readonly now: () => number = Date.now,
  ) {}

  setTier(tier: Tier): void {
    this.tier = tier
    this.rest.clear()
    this.trading.clear()
  }

  get tradingThreshold(): number {
    return TRADING_LIMITS[this.tier].threshold
  }

  private restCounter(account: string): DecayingCounter {
    let c = this.rest.get(account)
    if (!c) this.rest.set(account, (c = new DecayingCounter(REST_LIMITS[this.tier].decayPerSec)))
    return c
  }

  private tradingCounter(account: string, symbol: string): DecayingCounter {
    const k = `${account}\u0000${symbol}`
    let c = this.trading.get(k)
    if (!c) this.trading.set(k, (c = new DecayingCounter(TRADING_LIMITS[this.tier].decayPerSec)))
    return c
  }

  /** Charge a REST call; refused (and not charged) when it would pass the account's maximum. */
  chargeRest(account: string, method: string): void {
    const cost = restCost(method)
    if (cost === 0) return
    const c = this.restCounter(account)
    if (c.read(this.now()) + cost > REST_LIMITS[this.tier].max)
      throw new KrakenError('EAPI:Rate limit exceeded')
    c.add(cost, this.now())
  }

  /**
   * Charge the pair's trading counter. Refused (not charged) when it would pass the threshold,
   * unless `force` (Kraken accepts a batch cancel even past the maximum).
   */
  chargeTrading(account: string, symbol: string, points: number, force = false): void {
    if (points <= 0) return
    const c = this.tradingCounter(account, symbol)
    if (!force && c.read(this.now()) + points > TRADING_LIMITS[this.tier].threshold) {
      throw new KrakenError('EOrder:Rate limit exceeded')
    }
    c.add(points, this.now())
  }

  tradingLevel(account: string, symbol: string): number {
    return this.tradingCounter(account, symbol).read(this.now())
  }

  restLevel(account: string): number {
    return this.restCounter(account).read(this.now())
  }
}

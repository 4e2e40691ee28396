import { ASSET_SCALE, KrakenError } from './types'

/**
 * Balances and holds per account, exact (bigint at ASSET_SCALE). A hold reserves what an open
 * order may still spend, so "available" never goes negative.
 */
export class Accounts {
  private readonly balances = new Map<string, Map<string, bigint>>()
  /** orderId -> [account, asset, amount] */
  private readonly holds = new Map<string, { account: string; asset: string; amount: bigint }>()
  /**
   * account -> asset -> sum of its holds, kept with every hold change: "available" is checked on
   * every order, and summing all holds of all accounts each time made placing an order O(resting
   * orders) — the built-in exchange's top cost under bursts (profiled).
   */
  private readonly heldTotals = new Map<string, Map<string, bigint>>()

  ensure(account: string): Map<string, bigint> {
    let b = this.balances.get(account)
    if (!b) {
      b = new Map()
      this.balances.set(account, b)
    }
    return b
  }

  has(account: string): boolean {
    return this.balances.has(account)
  }

  /** Credit (positive) or debit (negative). */
  adjust(account: string, asset: string, delta: bigint): void {
    const b = this.ensure(account)
    b.set(asset, (b.get(asset) ?? 0n) + delta)
  }

  deposit(account: string, asset: string, wholeUnits: string): void {
    const [i, f = ''] = wholeUnits.split('.')
    this.adjust(account, asset, BigInt(i!) * ASSET_SCALE + BigInt((f + '0'.repeat(18)).slice(0, 18)))
  }

  balance(account: string, asset: string): bigint {
    return this.balances.get(account)?.get(asset) ?? 0n
  }

  held(account: string, asset: string): bigint {
    return this.heldTotals.get(account)?.get(asset) ?? 0n
  }

  private addHeld(account: string, asset: string, delta: bigint): void {
    let m = this.heldTotals.get(account)
    if (!m) this.heldTotals.set(account, (m = new Map()))
    const v = (m.get(asset) ?? 0n) + delta
    if (v === 0n) m.delete(asset)
    else m.set(asset, v)
  }

  private dropHold(orderId: string): void {
    const prev = this.holds.get(orderId)
    if (!prev) return
    this.holds.delete(orderId)
    this.addHeld(prev.account, prev.asset, -prev.amount)
  }

  available(account: string, asset: string): bigint {
    return this.balance(account, asset) - this.held(account, asset)
  }

  assets(account: string): [string, bigint][] {
    return [...(this.balances.get(account) ?? new Map<string, bigint>())]
  }

  /** Set (replace) the hold of an order; throws Kraken's error if the account cannot cover it. */
  hold(orderId: string, account: string, asset: string, amount: bigint, check = true): void {
    const prev = this.holds.get(orderId)
    const prevSame = prev && prev.asset === asset ? prev.amount : 0n
    if (check && amount > prevSame && this.available(account, asset) + prevSame < amount) {
      throw new KrakenError('EOrder:Insufficient funds')
    }
    this.dropHold(orderId)
    if (amount > 0n) {
      this.holds.set(orderId, { account, asset, amount })
      this.addHeld(account, asset, amount)
    }
  }

  holdOf(orderId: string): bigint {
    return this.holds.get(orderId)?.amount ?? 0n
  }

  release(orderId: string): void {
    this.dropHold(orderId)
  }
}

/** bigint at ASSET_SCALE -> decimal text with `decimals` places (truncated, as Kraken displays). */
export function formatAsset(amount: bigint, decimals: number): string {
  const neg = amount < 0n
  const abs = neg ? -amount : amount
  const s = abs.toString().padStart(19, '0')
  const int = s.slice(0, s.length - 18)
  const frac = s.slice(s.length - 18, s.length - 18 + decimals)
  return `${neg ? '-' : ''}${int}${decimals > 0 ? '.' + frac : ''}`
}

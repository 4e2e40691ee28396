import type { AssetClass } from '../../../src-domain/derivatives'

/**
 * One instrument id in the app (the WS v2 symbol, e.g. BTC/USD), translated to every name Kraken
 * uses for it: REST pair key (XXBTZUSD), REST altname (XBTUSD), WS v1 wsname (XBT/USD), WS v2
 * symbol (BTC/USD) and the FIX symbol (from InstrumentList). Built from Kraken's own reference
 * data; pure, no I/O.
 */
export interface Instrument {
  /** app id = WS v2 symbol */
  id: string
  wsSymbol: string
  restPair: string
  altname: string
  wsnameV1: string
  fixSymbol: string
  /** WS v2 asset codes (BTC, USD) */
  base: string
  quote: string
  /** REST asset codes (XXBT, ZUSD): never derived by stripping X/Z, always from AssetPairs */
  restBase: string
  restQuote: string
  pricePrecision: number
  qtyPrecision: number
  costPrecision: number
  tickSize: string
  ordermin: string
  costmin: string
  status: string
  /** absent: spot. Derivatives contracts come from the Unified WS `instrument` channel. */
  assetClass?: AssetClass
  /** derivatives contracts only: what one contract is and what it costs to hold */
  contract?: ContractTerms
  /** spot pairs Kraken lends on: the leverage levels it offers to buy with ("2" … "5") */
  marginLeverage?: string[]
}

/** A derivatives contract's terms, exact text (Kraken's instrument data, docs/kraken-derivatives.md §2, §11). */
export interface ContractTerms {
  kind: 'perpetual' | 'future'
  /** base units per contract ("1" for linear multi-collateral perpetuals) */
  contractSize: string
  /** quantity step in contracts (the ticket's and Kraken's `qty_increment`) */
  qtyStep: string
  /** margin tiers by position size in contracts, smallest first; fractions ("0.02") */
  marginLevels: { contracts: string; initialMargin: string; maintenanceMargin: string }[]
  /** largest position in contracts */
  maxPosition: string
  /** funding settles every this many ms (perpetuals; 0 for futures) */
  fundingIntervalMs: number
  /** ms since epoch (fixed-maturity futures) */
  expiry?: number
}

/** As parsed from Kraken's JSON: numbers may arrive as exact text (lossless parsing). */
export interface AssetPairJson {
  altname: string
  wsname?: string
  base: string
  quote: string
  pair_decimals: number | string
  lot_decimals: number | string
  cost_decimals?: number | string
  ordermin?: string
  costmin?: string
  tick_size?: string
  status?: string
  /** margin pairs: the leverage levels offered (Kraken: [2, 3, 4, 5]; [] or absent without margin) */
  leverage_buy?: (number | string)[]
  leverage_sell?: (number | string)[]
}

export interface AssetJson {
  altname: string
  decimals?: number
}

/** Kraken's legacy tickers whose WS v2 names differ from their altnames. */
const V2_ALIASES: Record<string, string> = { XBT: 'BTC', XDG: 'DOGE' }

export class UnknownInstrumentError extends Error {
  override readonly name = 'UnknownInstrumentError'
  constructor(readonly symbol: string) {
    super(`Unknown instrument ${symbol}`)
  }
}

export class InstrumentRegistry {
  private readonly byId = new Map<string, Instrument>()
  private readonly byName = new Map<string, Instrument>()

  constructor(instruments: Instrument[]) {
    for (const i of instruments) this.add(i)
  }

  private add(i: Instrument): void {
    this.byId.set(i.id, i)
    for (const n of [i.id, i.restPair, i.altname, i.wsnameV1, i.fixSymbol]) this.byName.set(n, i)
  }

  /** From REST AssetPairs + Assets results. */
  static fromKraken(
    pairs: Record<string, AssetPairJson>,
    assets: Record<string, AssetJson>,
  ): InstrumentRegistry {
    const v2 = (restAsset: string): string => {
      const alt = assets[restAsset]?.altname
      if (!alt) throw new Error(`AssetPairs names asset ${restAsset}, which Assets does not list`)
      return V2_ALIASES[alt] ?? alt
    }
    const list: Instrument[] = []
    const int = (v: number | string | undefined, what: string): number => {
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0 || n > 18)
        throw new Error(`AssetPairs: ${what} is not a precision: ${String(v)}`)
      return n
    }
    for (const [key, p] of Object.entries(pairs)) {
      const pricePrecision = int(p.pair_decimals, `${key} pair_decimals`)
      const qtyPrecision = int(p.lot_decimals, `${key} lot_decimals`)
      const base = v2(p.base)
      const quote = v2(p.quote)
      const wsSymbol = `${base}/${quote}`
      const tick = p.tick_size ?? (pricePrecision > 0 ? `0.${'0'.repeat(pricePrecision - 1)}1` : '1')
      list.push({
        id: wsSymbol,
        wsSymbol,
        restPair: key,
        altname: p.altname,
        wsnameV1: p.wsname ?? wsSymbol,
        // until InstrumentList says otherwise, FIX uses BASE/QUOTE as in Kraken's examples
        fixSymbol: wsSymbol,
        base,
        quote,
        restBase: p.base,
        restQuote: p.quote,
        pricePrecision,
        qtyPrecision,
        costPrecision:
          p.cost_decimals === undefined ? pricePrecision : int(p.cost_decimals, `${key} cost_decimals`),
        tickSize: tick,
        ordermin: p.ordermin ?? '0',
        costmin: p.costmin ?? '0',
        status: p.status ?? 'online',
        ...marginLevels(p),
      })
    }
    return new InstrumentRegistry(list)
  }

  /** Adopt FIX symbols from an InstrumentList (35=y): each matched to v2 symbol or v1 wsname. */
  withFixSymbols(fixSymbols: readonly string[]): InstrumentRegistry {
    const next = [...this.byId.values()].map((i) => ({ ...i }))
    for (const s of fixSymbols) {
      const i = next.find((x) => x.wsSymbol === s || x.wsnameV1 === s)
      if (i) i.fixSymbol = s
    }
    return new InstrumentRegistry(next)
  }

  /**
   * Derivatives contracts (from the Unified WS instrument channel) join the spot pairs; a
   * contract listed again replaces its earlier terms.
   */
  withContracts(contracts: readonly Instrument[]): InstrumentRegistry {
    const next = new Map(this.byId)
    for (const c of contracts) next.set(c.id, { ...c, assetClass: 'derivatives' })
    return new InstrumentRegistry([...next.values()])
  }

  get all(): Instrument[] {
    return [...this.byId.values()]
  }

  get(id: string): Instrument {
    const i = this.byId.get(id)
    if (!i) throw new UnknownInstrumentError(id)
    return i
  }

  /** Any of Kraken's names for an instrument (pair key, altname, wsname, v2 symbol, FIX symbol). */
  resolve(name: string): Instrument {
    const i = this.byName.get(name)
    if (!i) throw new UnknownInstrumentError(name)
    return i
  }

  /** The instrument by any of its names, or null when the venue does not list it. */
  resolveIfKnown(name: string): Instrument | null {
    return this.has(name) ? this.resolve(name) : null
  }

  has(name: string): boolean {
    return this.byName.has(name)
  }
}

/**
 * The leverage levels a margin order may take whichever side it is: those Kraken offers to buy
 * and to sell with (its two lists can differ, and the ticket offers one list).
 */
function marginLevels(p: AssetPairJson): { marginLeverage?: string[] } {
  const buy = (p.leverage_buy ?? []).map(String)
  const sell = new Set((p.leverage_sell ?? p.leverage_buy ?? []).map(String))
  const both = buy.filter((l) => sell.has(l))
  return both.length ? { marginLeverage: both } : {}
}

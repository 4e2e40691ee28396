/**
 * What the built-in exchange's REST endpoint groups share: the exchange parts they answer from,
 * the request parameters as parsed (query, form or JSON body), and the pair lookup by any of the
 * names Kraken accepts for a pair.
 */
import type { MatchingEngine } from '../engine/MatchingEngine'
import { KrakenError } from '../engine/types'
import type { SimInstrument } from '../instruments'
import type { SimRateLimits } from '../limits/RateLimits'
import type { MarketData } from '../market/MarketData'
import { text } from '../requests'
import type { KeyStore, TokenStore } from './auth'

export type Params = Record<string, unknown>

export interface SimRestDeps {
  engine: MatchingEngine
  market: MarketData
  limits: SimRateLimits
  instruments: Map<string, SimInstrument>
  keys: KeyStore
  tokens: TokenStore
}

/** A private method's answer for an authenticated account. */
export type PrivateHandler = (account: string, p: Params) => unknown

/** Pairs by REST name, altname, WS v1 name or WS v2 symbol. */
export class PairLookup {
  private readonly byName = new Map<string, SimInstrument>()

  constructor(private readonly instruments: Map<string, SimInstrument>) {
    for (const i of instruments.values()) {
      for (const name of [i.restPair, i.altname, i.wsnameV1, i.symbol]) this.byName.set(name, i)
    }
  }

  pair(p: Params, field = 'pair'): SimInstrument {
    const name = text(p[field])
    const inst = name ? this.byName.get(name) : undefined
    if (!inst) throw new KrakenError('EQuery:Unknown asset pair')
    return inst
  }

  /** a comma-separated `pair` list; every pair when absent */
  pairs(p: Params): SimInstrument[] {
    const names = text(p.pair)
    if (!names) return [...this.instruments.values()]
    return names.split(',').map((n) => {
      const i = this.byName.get(n.trim())
      if (!i) throw new KrakenError('EQuery:Unknown asset pair')
      return i
    })
  }
}

import { KrakenWsPublicClient, type KrakenWsPublicClientOptions } from '../ws/KrakenWsPublicClient'
import type { InstrumentPair } from '../ws/wsv2Messages'
import type { UwsContract, UwsTicker } from './types'
import { readUwsInstrument, readUwsTickers } from './uwsMessages'

/** Kraken's Unified WebSocket endpoints (docs/kraken-derivatives.md §1.1). */
export const UWS_PUBLIC_URL = 'wss://uws.kraken.com/v2/public'
export const UWS_PRIVATE_URL = 'wss://uws.kraken.com/v2/private'

export interface UwsPublicClientOptions extends Omit<
  KrakenWsPublicClientOptions,
  'url' | 'assetClass' | 'readInstruments'
> {
  /** default: Kraken's wss://uws.kraken.com/v2/public (the built-in exchange has its own) */
  url?: string
  /** every instrument frame's contracts, with their full terms (margin tiers, funding interval) */
  onContracts?: (contracts: UwsContract[], snapshot: boolean) => void
}

/** What the book engine needs of a contract: its precisions (checksum) and steps. */
export function contractPair(c: UwsContract): InstrumentPair {
  return {
    symbol: c.symbol,
    pricePrecision: c.pricePrecision,
    qtyPrecision: c.qtyPrecision,
    tickSize: c.tickSize,
    qtyMin: c.qtyMin,
    // derivatives have no order-value minimum on Kraken's instrument data (§2.3, §11)
    costMin: '0',
  }
}

/**
 * Derivatives market data on the Unified WS: the spot WS v2 public client (same socket, reconnect,
 * ping, lossless parse and checksum-verified book path), with `asset_class: "derivatives"` on every
 * subscription and the instrument channel read from its `futures` list. So book, trade, ticker and
 * ohlc of PF_XBTUSD reach the app exactly as a spot pair's do.
 */
export function createUwsPublicClient(o: UwsPublicClientOptions): KrakenWsPublicClient {
  const { onContracts, url, ...rest } = o
  return new KrakenWsPublicClient({
    ...rest,
    url: url ?? UWS_PUBLIC_URL,
    assetClass: 'derivatives',
    readInstruments: (msg) => {
      const r = readUwsInstrument(msg)
      onContracts?.(r.contracts, r.snapshot)
      return r.contracts.map(contractPair)
    },
  })
}

/**
 * Follow a contract's ticker (mark, index, funding) as UwsTicker; a malformed entry reaches the
 * client's onProtocolError. Returns a function that stops it.
 */
export function watchUwsTicker(
  client: KrakenWsPublicClient,
  symbol: string,
  onTicker: (t: UwsTicker, snapshot: boolean) => void,
): () => void {
  return client.watch('ticker', symbol, (entries, snapshot) => {
    for (const t of readUwsTickers({ channel: 'ticker', data: entries })) onTicker(t, snapshot)
  })
}

import { crc32 } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import type { KrakenWsPublicClient } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'
import { createUwsPublicClient, watchUwsTicker } from '../../../../src-main/kraken/uws/KrakenUwsPublic'
import type { UwsContract, UwsTicker } from '../../../../src-main/kraken/uws/types'
import { until } from '../../../helpers/until'
import { UwsFakeVenue } from './uwsFakeVenue'

/**
 * Derivatives market data through the spot public client with asset_class derivatives, over a
 * loopback socket: every subscription names the asset class, the instrument channel's futures
 * list sets the book's precisions, the book is checksum-verified (and resubscribed on a mismatch)
 * on the same path as spot, and ticker entries read as UwsTicker.
 */

let venue: UwsFakeVenue | null = null
let client: KrakenWsPublicClient | null = null
afterEach(async () => {
  client?.stop()
  client = null
  await venue?.stop()
  venue = null
})

const INSTRUMENTS =
  '{"channel":"instrument","type":"snapshot","data":{"futures":[{"symbol":"PF_XBTUSD","type":"perpetual","base":"BTC","quote":"USD","status":"online","price_increment":1,"qty_increment":0.0001,"qty_min":0.0001,"price_precision":0,"qty_precision":4,"contract_size":1,"max_position_size":1200,"margin_levels":[{"contracts":0,"initial_margin":0.02,"maintenance_margin":0.01}],"funding_interval":3600,"funding_rate_coefficient":8,"max_relative_funding_rate":0.001,"expiry":null}]}}'

/** asks low to high, then bids high to low; dots and leading zeros removed (Kraken's v2 guide) */
const CHECKSUM_TEXT = '61001' + '5000' + '61002' + '12000' + '60999' + '2500'

async function setup() {
  venue = await UwsFakeVenue.start()
  const seen = { contracts: [] as UwsContract[], errors: [] as string[], books: 0 }
  client = createUwsPublicClient({
    url: venue.url,
    depth: 10,
    onBook: () => seen.books++,
    onLink: () => undefined,
    onProtocolError: (e) => seen.errors.push(e.message),
    onContracts: (c) => seen.contracts.push(...c),
    random: () => 0,
    pingIntervalMs: 60_000,
  })
  client.start()
  return { venue, client, seen }
}

const params = (f: string) => (JSON.parse(f) as { params: Record<string, unknown> }).params

describe('Unified WS public market data (derivatives)', () => {
  it('instrument and book subscriptions name asset_class derivatives; the book goes live on a verified checksum', async () => {
    const { venue, client, seen } = await setup()
    const inst = await venue.frame((m) => m.method === 'subscribe', 'instrument subscribe')
    expect(params(inst)).toEqual({ channel: 'instrument', snapshot: true, asset_class: 'derivatives' })
    client.watchBook('PF_XBTUSD')
    venue.send(INSTRUMENTS)
    const book = await venue.frame(
      (m) => (m.params as { channel?: string })?.channel === 'book',
      'book subscribe',
    )
    expect(params(book)).toEqual({
      channel: 'book',
      symbol: ['PF_XBTUSD'],
      depth: 10,
      snapshot: true,
      asset_class: 'derivatives',
    })
    expect(seen.contracts.map((c) => [c.symbol, c.tickSize, c.qtyStep])).toEqual([
      ['PF_XBTUSD', '1', '0.0001'],
    ])
    expect(client.instrument('PF_XBTUSD')).toEqual({
      symbol: 'PF_XBTUSD',
      pricePrecision: 0,
      qtyPrecision: 4,
      tickSize: '1',
      qtyMin: '0.0001',
      costMin: '0',
    })
    venue.send(
      `{"channel":"book","type":"snapshot","data":[{"symbol":"PF_XBTUSD","bids":[{"price":60999,"qty":0.2500}],"asks":[{"price":61001,"qty":0.5000},{"price":61002,"qty":1.2000}],"checksum":${crc32(CHECKSUM_TEXT)},"timestamp":"2026-12-01T14:00:00.000000Z"}]}`,
    )
    await until(() => client.bookState('PF_XBTUSD')?.status === 'live', 'PF_XBTUSD book live')
    const st = client.bookState('PF_XBTUSD')!
    expect(st.engine!.checksumInput()).toBe(CHECKSUM_TEXT)
    expect(st.engine!.view(2)).toEqual({
      bids: [['60999', '0.2500']],
      asks: [
        ['61001', '0.5000'],
        ['61002', '1.2000'],
      ],
    })
    expect(seen.errors).toEqual([])
  })

  it('a wrong checksum throws the book away and resubscribes it, still with asset_class', async () => {
    const { venue, client, seen } = await setup()
    await venue.frame((m) => m.method === 'subscribe', 'instrument subscribe')
    venue.send(INSTRUMENTS)
    client.watchBook('PF_XBTUSD')
    await venue.frame((m) => (m.params as { channel?: string })?.channel === 'book', 'book subscribe')
    venue.send(
      `{"channel":"book","type":"snapshot","data":[{"symbol":"PF_XBTUSD","bids":[{"price":60999,"qty":0.2500}],"asks":[{"price":61001,"qty":0.5000},{"price":61002,"qty":1.2000}],"checksum":${crc32(CHECKSUM_TEXT)}}]}`,
    )
    await until(() => client.bookState('PF_XBTUSD')?.status === 'live', 'book live')
    venue.send(
      '{"channel":"book","type":"update","data":[{"symbol":"PF_XBTUSD","bids":[{"price":61000,"qty":1.0000}],"asks":[],"checksum":12345,"timestamp":"2026-12-01T14:00:01.000000Z"}]}',
    )
    await until(() => venue.received.some((m) => m.method === 'unsubscribe'), 'the book unsubscribed')
    const unsub = venue.received.find((m) => m.method === 'unsubscribe')!
    expect(unsub.params).toEqual({
      channel: 'book',
      symbol: ['PF_XBTUSD'],
      depth: 10,
      asset_class: 'derivatives',
    })
    await until(
      () => venue.received.filter((m) => (m.params as { channel?: string })?.channel === 'book').length === 3,
      'subscribed again',
    )
    expect(client.bookState('PF_XBTUSD')!.checksumFailures).toBe(1)
    expect(seen.errors.join()).toContain('book PF_XBTUSD: checksum mismatch')
  })

  it('ticker entries read as UwsTicker; trade subscriptions name the asset class too', async () => {
    const { venue, client } = await setup()
    await venue.frame((m) => m.method === 'subscribe', 'instrument subscribe')
    const tickers: UwsTicker[] = []
    watchUwsTicker(client, 'PF_XBTUSD', (t) => tickers.push(t))
    const trades: unknown[] = []
    client.watch('trade', 'PF_XBTUSD', (entries) => trades.push(...entries))
    const sub = await venue.frame(
      (m) => (m.params as { channel?: string })?.channel === 'ticker',
      'ticker subscribe',
    )
    expect(params(sub)).toEqual({
      channel: 'ticker',
      symbol: ['PF_XBTUSD'],
      snapshot: true,
      asset_class: 'derivatives',
    })
    const tsub = await venue.frame(
      (m) => (m.params as { channel?: string })?.channel === 'trade',
      'trade subscribe',
    )
    expect(params(tsub)).toEqual({
      channel: 'trade',
      symbol: ['PF_XBTUSD'],
      snapshot: true,
      asset_class: 'derivatives',
    })
    venue.send(
      '{"channel":"ticker","type":"snapshot","data":[{"symbol":"PF_XBTUSD","bid":60999,"bid_qty":0.25,"ask":61001,"ask_qty":0.5,"last":61000,"volume":10,"vwap":60900,"low":60000,"high":61500,"change":100,"change_pct":0.16,"mark_price":61000.50,"index_price":60995.25,"funding_rate":0.0000125,"next_funding_time":"2026-12-01T15:00:00.000000Z","open_interest":1520.4}]}',
    )
    venue.send(
      '{"channel":"trade","type":"update","data":[{"symbol":"PF_XBTUSD","side":"buy","price":61000,"qty":0.1000,"ord_type":"market","trade_id":42,"timestamp":"2026-12-01T14:00:02.000000Z"}]}',
    )
    await until(() => tickers.length === 1 && trades.length === 1, 'ticker and trade')
    expect(tickers[0]).toEqual({
      symbol: 'PF_XBTUSD',
      bid: '60999',
      ask: '61001',
      last: '61000',
      markPrice: '61000.50',
      indexPrice: '60995.25',
      fundingRate: '0.0000125',
      nextFundingAt: Date.UTC(2026, 11, 1, 15, 0, 0),
    })
    expect(trades[0]).toMatchObject({ symbol: 'PF_XBTUSD', price: '61000', qty: '0.1000', trade_id: '42' })
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { KrakenWsPublicClient, type ChannelEntry } from '../../src-main/kraken/ws/KrakenWsPublicClient'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { readInstrumentPairs } from '../../src-main/kraken/ws/wsv2Messages'
import { until } from '../helpers/until'
import { corpusMessage, loadCorpus } from './corpus'
import { FakeKrakenWs } from './fakeKrakenWs'
import { numberTokens } from './numberTokens'

/**
 * WS v2 trade, ticker, ohlc, instrument, status and heartbeat frames from the corpus through the
 * public client over a loopback socket: what reaches the app (TridentCore's trade and candle
 * feeds read `price`, `qty`, `open`... with String()) must be the venue's exact decimal text.
 */

let fake: FakeKrakenWs | null = null
let client: KrakenWsPublicClient | null = null
afterEach(async () => {
  client?.stop()
  client = null
  await fake?.stop()
  fake = null
})

async function connect() {
  fake = await FakeKrakenWs.start()
  const errors: string[] = []
  client = new KrakenWsPublicClient({
    url: fake.url,
    onBook: () => undefined,
    onLink: () => undefined,
    onProtocolError: (e) => errors.push(e.message),
    pingIntervalMs: 60_000,
  })
  client.start()
  await fake.connected()
  return { fake, client, errors }
}

type Got = { entries: ChannelEntry[]; snapshot: boolean }[]

describe('market data frames through KrakenWsPublicClient', () => {
  it("trade: Kraken's snapshot and update reach the feed with every field as sent", async () => {
    const { fake, client, errors } = await connect()
    const got: Got = []
    client.watch('trade', 'MATIC/USD', (entries, snapshot) => got.push({ entries, snapshot }))
    fake.send(corpusMessage('ws.trade.snapshot.docs-1').text)
    fake.send(corpusMessage('ws.trade.update.docs-1').text)
    await until(() => got.length === 2, 'two trade frames delivered')
    expect(got).toEqual([
      {
        snapshot: true,
        entries: [
          {
            symbol: 'MATIC/USD',
            side: 'buy',
            price: '0.5147',
            qty: '6423.46326',
            ord_type: 'limit',
            trade_id: '4665846',
            timestamp: '2023-09-25T07:48:36.925533Z',
          },
          {
            symbol: 'MATIC/USD',
            side: 'buy',
            price: '0.5147',
            qty: '1136.19677815',
            ord_type: 'limit',
            trade_id: '4665847',
            timestamp: '2023-09-25T07:49:36.925603Z',
          },
        ],
      },
      {
        snapshot: false,
        entries: [
          {
            symbol: 'MATIC/USD',
            side: 'sell',
            price: '0.5117',
            qty: '40.0',
            ord_type: 'market',
            trade_id: '4665906',
            timestamp: '2023-09-25T07:49:37.708706Z',
          },
        ],
      },
    ])
    expect(errors).toEqual([])
  })

  it('trade: a frame with two BTC/USD trades keeps trailing zeros (105944.20, 0.00012460)', async () => {
    const { fake, client } = await connect()
    const got: Got = []
    client.watch('trade', 'BTC/USD', (entries, snapshot) => got.push({ entries, snapshot }))
    fake.send(corpusMessage('ws.trade.update.nautilus-1').text)
    await until(() => got.length === 1, 'trade frame delivered')
    expect(got[0]!.entries.map((e) => [e.price, e.qty, e.side, e.trade_id])).toEqual([
      ['105944.20', '0.00027625', 'buy', '10218208'],
      ['105910.50', '0.00012460', 'sell', '10218209'],
    ])
  })

  it('ticker: snapshot and update, and 28-digit decimals that no double can hold', async () => {
    const { fake, client } = await connect()
    const algo: Got = []
    const btc: Got = []
    client.watch('ticker', 'ALGO/USD', (entries, snapshot) => algo.push({ entries, snapshot }))
    client.watch('ticker', 'BTC/USD', (entries, snapshot) => btc.push({ entries, snapshot }))
    fake.send(corpusMessage('ws.ticker.snapshot.docs-1').text)
    fake.send(corpusMessage('ws.ticker.update.docs-1').text)
    fake.send(corpusMessage('ws.ticker.snapshot.nautilus-precision').text)
    await until(() => algo.length === 2 && btc.length === 1, 'ticker frames delivered')
    expect(algo[0]).toEqual({
      snapshot: true,
      entries: [
        {
          symbol: 'ALGO/USD',
          bid: '0.10025',
          bid_qty: '740.0',
          ask: '0.10036',
          ask_qty: '1361.44813783',
          last: '0.10035',
          volume: '997038.98383185',
          vwap: '0.10148',
          low: '0.09979',
          high: '0.10285',
          change: '-0.00017',
          change_pct: '-0.17',
          timestamp: '2023-09-25T09:04:31.742648Z',
        },
      ],
    })
    expect(algo[1]!.snapshot).toBe(false)
    expect(algo[1]!.entries[0]).toMatchObject({ ask: '0.10035', ask_qty: '740.0' })
    expect(btc[0]!.entries[0]).toMatchObject({
      bid: '123456789.123456789',
      bid_qty: '0.1234567890123456789012345678',
      change_pct: '0.9234567890123456789012345678',
    })
  })

  it('ohlc: the candle of the interval watched, not of another interval', async () => {
    const { fake, client } = await connect()
    const five: Got = []
    const btcFive: Got = []
    client.watch('ohlc', 'MATIC/USD', (entries, snapshot) => five.push({ entries, snapshot }), {
      interval: 5,
    })
    client.watch('ohlc', 'BTC/USD', (entries, snapshot) => btcFive.push({ entries, snapshot }), {
      interval: 5,
    })
    // nautilus' BTC/USD candle is a 1-minute one: the 5-minute watcher must not see it
    fake.send(corpusMessage('ws.ohlc.update.nautilus-1').text)
    fake.send(corpusMessage('ws.ohlc.update.docs-1').text)
    await until(() => five.length === 1, 'ohlc frame delivered')
    expect(five[0]).toEqual({
      snapshot: false,
      entries: [
        {
          symbol: 'MATIC/USD',
          open: '0.5624',
          high: '0.5628',
          low: '0.5622',
          close: '0.5627',
          trades: '12',
          volume: '30927.68066226',
          vwap: '0.5626',
          interval_begin: '2023-10-04T16:25:00.000000000Z',
          interval: '5',
          timestamp: '2023-10-04T16:30:00.000000Z',
        },
      ],
    })
    expect(btcFive).toEqual([])
  })

  it('status, heartbeat, pong and subscribe/unsubscribe acks are taken quietly, without errors', async () => {
    const { fake, client, errors } = await connect()
    const ids = [
      'ws.status.update.docs-1',
      'ws.heartbeat.docs-1',
      'ws.pong.docs-1',
      'ws.pong.nautilus-1',
      'ws.trade.subscribe.reply.docs-1',
      'ws.book.unsubscribe.reply.docs-1',
      'ws.instrument.update.docs-1',
    ]
    const got: Got = []
    client.watch('trade', 'MATIC/USD', (entries, snapshot) => got.push({ entries, snapshot }))
    for (const id of ids) fake.send(corpusMessage(id).text)
    // frames are handled in order: once this trade is delivered, every frame above was handled
    fake.send(corpusMessage('ws.trade.update.docs-1').text)
    await until(() => got.length === 1, 'the trade sent after them')
    expect(client.lastHeardAt).toBeGreaterThan(0)
    // an unsolicited pong (req_id 101 and 42 were never sent by this client) sets no latency
    expect(client.linkInfo.latencyMs).toBeNull()
    expect(errors).toEqual([])
  })
})

describe('instrument and status frames: exact reference data', () => {
  it("Kraken's instrument snapshot: precisions, tick, minimums (qty_increment arrives as 1e-08)", () => {
    const msg = parseLossless(corpusMessage('ws.instrument.snapshot.docs-1').text) as Record<string, unknown>
    expect(readInstrumentPairs(msg)).toEqual([
      {
        symbol: 'BTC/USD',
        pricePrecision: 1,
        qtyPrecision: 8,
        tickSize: '0.1',
        qtyMin: '0.0001',
        costMin: '0.5',
      },
      {
        symbol: 'MATIC/GBP',
        pricePrecision: 4,
        qtyPrecision: 8,
        tickSize: '0.0001',
        qtyMin: '4.0',
        costMin: '0.43',
      },
    ])
    const pairs = (msg.data as { pairs: Record<string, unknown>[] }).pairs
    expect(pairs.map((p) => p.qty_increment)).toEqual(['1e-08', '1e-08'])
  })

  it('an instrument update that only touches assets yields no pairs', () => {
    const msg = parseLossless(corpusMessage('ws.instrument.update.docs-1').text) as Record<string, unknown>
    expect(readInstrumentPairs(msg)).toEqual([])
  })

  it("the status frame's connection_id (above 2^53) survives parsing digit for digit", () => {
    const msg = parseLossless(corpusMessage('ws.status.update.docs-1').text) as {
      data: { connection_id: string; system: string; api_version: string }[]
    }
    expect(msg.data[0]).toEqual({
      api_version: 'v2',
      connection_id: '13834774380200032777',
      system: 'online',
      version: '2.0.0',
    })
  })
})

describe('sweep: every inbound trade, ticker and ohlc frame of the corpus', () => {
  const frames = loadCorpus().messages.filter(
    (m) => m.protocol === 'ws-v2' && m.direction === 'inbound' && /^(trade|ticker|ohlc)\./.test(m.type),
  )
  const NUMERIC = [
    'price',
    'qty',
    'bid',
    'bid_qty',
    'ask',
    'ask_qty',
    'last',
    'volume',
    'vwap',
    'low',
    'high',
    'change',
    'change_pct',
    'open',
    'close',
  ]

  it('holds trade, ticker and ohlc frames from several sources', () => {
    for (const ch of ['trade.', 'ticker.', 'ohlc.'])
      expect(frames.filter((m) => m.type.startsWith(ch)).length, ch).toBeGreaterThanOrEqual(3)
  })

  it.each(frames.map((m) => [m.id, m] as const))(
    '%s: every decimal parses to its exact source text',
    (_, m) => {
      const msg = parseLossless(m.text) as { data: Record<string, unknown>[] }
      const got = msg.data.flatMap((d) => NUMERIC.filter((k) => k in d).map((k) => d[k]))
      expect(got.every((v) => typeof v === 'string')).toBe(true)
      expect((got as string[]).sort()).toEqual(numberTokens(m.text, NUMERIC).sort())
    },
  )
})

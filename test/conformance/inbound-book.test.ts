import { afterEach, describe, expect, it } from 'vitest'
import { BookEngine } from '../../src-main/core/book/BookEngine'
import { KrakenWsPublicClient, type BookState } from '../../src-main/kraken/ws/KrakenWsPublicClient'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { readBookMessage } from '../../src-main/kraken/ws/wsv2Messages'
import { until } from '../helpers/until'
import { corpusMessage, loadCorpus } from './corpus'
import { FakeKrakenWs } from './fakeKrakenWs'
import { numberTokens } from './numberTokens'

/**
 * WS v2 `book` frames from the corpus through Trident's own parsing (lossless JSON, the frame
 * reader, BookEngine) and through the public client over a socket. Every expected level below is
 * copied from the message text, and every checksum verdict was settled outside Trident: the
 * Kraken-documented CRC32 recomputed with Python's zlib over the documented levels (the doc
 * examples' own checksums hold; the third-party update's does not describe its book).
 */

const MATIC = { pricePrecision: 4, qtyPrecision: 8 } // MATIC/USD on Kraken
const BTC = { pricePrecision: 1, qtyPrecision: 8 } // BTC/USD (instrument channel example)

function book(id: string) {
  const [m] = readBookMessage(parseLossless(corpusMessage(id).text) as Record<string, unknown>)
  return m!
}

describe('book frames into BookEngine', () => {
  it("Kraken's documented MATIC/USD snapshot: every level exact and the checksum 2439117997 verified", () => {
    const snap = book('ws.book.snapshot.docs-1')
    expect(snap).toMatchObject({ type: 'snapshot', symbol: 'MATIC/USD', checksum: 2439117997 })
    expect(snap.timestamp).toBe('2023-10-06T17:35:55.440295Z')
    const engine = new BookEngine('MATIC/USD', MATIC, 10)
    engine.applySnapshot(snap.bids, snap.asks)
    expect(engine.view(10)).toEqual({
      bids: [
        ['0.5666', '4831.75496356'],
        ['0.5665', '6658.22734739'],
        ['0.5664', '18724.91513344'],
        ['0.5663', '11563.92544914'],
        ['0.5662', '14006.65365711'],
        ['0.5661', '17454.85679807'],
        ['0.5660', '18097.15470000'],
        ['0.5659', '33644.89175666'],
        ['0.5658', '148.34640000'],
        ['0.5657', '606.70854372'],
      ],
      asks: [
        ['0.5668', '4410.79769741'],
        ['0.5669', '4655.40412487'],
        ['0.5670', '49844.89424998'],
        ['0.5671', '24306.41678000'],
        ['0.5672', '29783.25223475'],
        ['0.5673', '57234.71239278'],
        ['0.5674', '45065.04744000'],
        ['0.5675', '5912.76380354'],
        ['0.5676', '42514.92434778'],
        ['0.5677', '36304.08470220'],
      ],
    })
    expect(engine.checksum()).toBe(2439117997)
    expect(engine.verify(snap.checksum)).toBe(true)
  })

  it("Kraken's documented update on that snapshot: one bid requantified and the checksum 2114181697 verified", () => {
    const snap = book('ws.book.snapshot.docs-1')
    const upd = book('ws.book.update.docs-1')
    expect(upd).toMatchObject({ type: 'update', symbol: 'MATIC/USD', checksum: 2114181697, asks: [] })
    expect(upd.bids).toEqual([{ price: '0.5657', qty: '1098.3947558' }])
    const engine = new BookEngine('MATIC/USD', MATIC, 10)
    engine.applySnapshot(snap.bids, snap.asks)
    engine.applyUpdate(upd.bids, upd.asks)
    expect(engine.view(10).bids[9]).toEqual(['0.5657', '1098.39475580'])
    expect(engine.view(10).bids[0]).toEqual(['0.5666', '4831.75496356'])
    expect(engine.verify(upd.checksum)).toBe(true)
  })

  it('the Kraken.Net copy (renamed ETH/USDT, no timestamp) gives the same book and checksum', () => {
    const snap = book('ws.book.snapshot.kraken-net-1')
    expect(snap.symbol).toBe('ETH/USDT')
    expect(snap.timestamp).toBeUndefined()
    const engine = new BookEngine('ETH/USDT', MATIC, 10)
    engine.applySnapshot(snap.bids, snap.asks)
    expect(engine.verify(2439117997)).toBe(true)
  })

  it("the BTC/USD snapshot of Kraken's checksum guide keeps its trailing zeros and verifies 3310070434", () => {
    const snap = book('ws.book.snapshot.nautilus-1')
    expect(snap.bids[0]).toEqual({ price: '45283.5', qty: '0.10000000' })
    expect(snap.asks[0]).toEqual({ price: '45285.2', qty: '0.00100000' })
    const engine = new BookEngine('BTC/USD', BTC, 10)
    engine.applySnapshot(snap.bids, snap.asks)
    expect(engine.view(2)).toEqual({
      bids: [
        ['45283.5', '0.10000000'],
        ['45283.4', '1.54582015'],
      ],
      asks: [
        ['45285.2', '0.00100000'],
        ['45286.4', '1.54571953'],
      ],
    })
    // the checksum input of Kraken's book-checksum guide (recomputed outside Trident: asks, then bids)
    expect(engine.checksumInput()).toBe(
      '45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827' +
        '452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238',
    )
    expect(engine.verify(3310070434)).toBe(true)
  })
})

describe('book frames through KrakenWsPublicClient', () => {
  let fake: FakeKrakenWs | null = null
  let client: KrakenWsPublicClient | null = null
  afterEach(async () => {
    client?.stop()
    client = null
    await fake?.stop()
    fake = null
  })

  it('instrument snapshot, then a book snapshot goes live; an update whose checksum does not describe the book is caught and resubscribed', async () => {
    fake = await FakeKrakenWs.start()
    const errors: string[] = []
    let last: BookState | null = null
    client = new KrakenWsPublicClient({
      url: fake.url,
      depth: 10,
      onBook: (_s, st) => (last = { ...st }),
      onLink: () => undefined,
      onProtocolError: (e) => errors.push(e.message),
      pingIntervalMs: 60_000,
    })
    client.watchBook('BTC/USD')
    client.start()
    await fake.request(
      (m) => (m.params as { channel?: string })?.channel === 'instrument',
      'instrument subscribe',
    )
    fake.send(corpusMessage('ws.instrument.snapshot.docs-1').text)
    await fake.request(
      (m) => m.method === 'subscribe' && (m.params as { channel?: string })?.channel === 'book',
      'book subscribe after the instrument snapshot',
    )
    expect(client.instrument('BTC/USD')).toEqual({
      symbol: 'BTC/USD',
      pricePrecision: 1,
      qtyPrecision: 8,
      tickSize: '0.1',
      qtyMin: '0.0001',
      costMin: '0.5',
    })
    fake.send(corpusMessage('ws.book.snapshot.nautilus-1').text)
    await until(() => client!.bookState('BTC/USD')?.status === 'live', 'BTC/USD book live')
    const st = client.bookState('BTC/USD')!
    expect(st.venueTime).toBe('2023-10-06T17:35:55.440295Z')
    expect(st.engine!.view(1)).toEqual({
      bids: [['45283.5', '0.10000000']],
      asks: [['45285.2', '0.00100000']],
    })
    expect(errors).toEqual([])

    // nautilus' update reuses the docs' MATIC checksum; recomputed outside Trident the BTC book
    // would need 669460632, so Trident must refuse the book rather than show it.
    const sentBefore = fake.received.length
    fake.send(corpusMessage('ws.book.update.nautilus-1').text)
    await until(() => errors.length > 0, 'checksum mismatch reported')
    expect(errors[0]).toContain('checksum mismatch (expected 2114181697')
    expect(last!.status).toBe('resyncing')
    expect(last!.engine).toBeNull()
    await until(() => fake!.received.length >= sentBefore + 2, 'unsubscribe and subscribe again')
    expect(fake.received.slice(sentBefore).map((m) => m.method)).toEqual(['unsubscribe', 'subscribe'])
  })
})

describe('sweep: every inbound book frame of the corpus', () => {
  const frames = loadCorpus().messages.filter(
    (m) => m.protocol === 'ws-v2' && m.direction === 'inbound' && m.type.startsWith('book.'),
  )

  it('there are book snapshots and updates from at least three sources', () => {
    expect(frames.filter((m) => m.type === 'book.snapshot').length).toBeGreaterThanOrEqual(3)
    expect(frames.filter((m) => m.type === 'book.update').length).toBeGreaterThanOrEqual(2)
    expect(new Set(frames.map((m) => m.source)).size).toBeGreaterThanOrEqual(3)
  })

  it.each(frames.map((m) => [m.id, m] as const))(
    '%s parses with every price and qty exactly as sent',
    (_, m) => {
      const parsed = readBookMessage(parseLossless(m.text) as Record<string, unknown>)
      const got = parsed.flatMap((b) => [...b.bids, ...b.asks].flatMap((l) => [l.price, l.qty]))
      // the tokens in the source text, in order (bids before asks, as Kraken writes them)
      const sent = numberTokens(m.text, ['price', 'qty'])
      expect(got.slice().sort()).toEqual(sent.slice().sort())
      // and each book still builds at a precision wide enough for the pair
      for (const b of parsed) {
        const precision = b.symbol.startsWith('BTC') ? BTC : MATIC
        const engine = new BookEngine(b.symbol, precision, 1000)
        engine.applySnapshot(b.bids, b.asks)
      }
    },
  )
})

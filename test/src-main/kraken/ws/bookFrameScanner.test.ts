import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scanBookFrame } from '../../../../src-main/kraken/ws/bookFrameScanner'
import { parseLossless } from '../../../../src-main/kraken/ws/losslessJson'
import { readBookMessage, type BookMessage } from '../../../../src-main/kraken/ws/wsv2Messages'
import { KrakenWsPublicClient, type BookState } from '../../../../src-main/kraken/ws/KrakenWsPublicClient'
import { BookEngine } from '../../../../src-main/core/book/BookEngine'

/** The general path the scanner must agree with: lossless parse, then the checked reader. */
function general(text: string): BookMessage[] | 'refused' {
  try {
    const m = parseLossless(text)
    if (typeof m !== 'object' || m === null || (m as { channel?: unknown }).channel !== 'book')
      return 'refused'
    return readBookMessage(m as Record<string, unknown>)
  } catch {
    return 'refused'
  }
}

// Kraken docs' book update example, verbatim
const DOCS_UPDATE =
  '{"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5657,"qty":1098.3947558}],"asks":[],"checksum":2114181697,"timestamp":"2023-10-06T17:35:55.440295Z"}]}'

describe('book frame scanner', () => {
  it('reads a plain Kraken frame with every token as its exact source text', () => {
    expect(scanBookFrame(DOCS_UPDATE)).toEqual([
      {
        type: 'update',
        symbol: 'MATIC/USD',
        bids: [{ price: '0.5657', qty: '1098.3947558' }],
        asks: [],
        checksum: 2114181697,
        timestamp: '2023-10-06T17:35:55.440295Z',
      },
    ])
    const trailing =
      '{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":45283.50,"qty":0.10000000}],"asks":[{"price":45285.2,"qty":1e-8}],"checksum":0}]}'
    expect(scanBookFrame(trailing)).toEqual([
      {
        type: 'snapshot',
        symbol: 'BTC/USD',
        bids: [{ price: '45283.50', qty: '0.10000000' }],
        asks: [{ price: '45285.2', qty: '1e-8' }],
        checksum: 0,
      },
    ])
  })

  it('leaves anything but a plain book frame to the general path', () => {
    for (const text of [
      '{"channel":"heartbeat"}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":"1.0","qty":1}],"checksum":1}]}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC\\/USD","bids":[],"checksum":1}]}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"checksum":1.0}]}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"checksum":4294967296}]}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":01,"qty":1}],"checksum":1}]}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","checksum":1,"checksum":2}]}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","checksum":1}],"extra":1}',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","checksum":1}]} x',
      '{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","checksum":1}]',
    ])
      expect(scanBookFrame(text), text).toBeNull()
  })

  it('agrees with the lossless parse + reader on every frame it accepts (property)', () => {
    // mostly Kraken's forms, so that frames with one odd token are common
    const num = fc.oneof(
      // Kraken's forms: fixed decimals with trailing zeros, whole numbers
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.nat(99999), fc.nat(99999999), fc.integer({ min: 0, max: 8 }))
          .map(([a, b, d]) => (d === 0 ? String(a) : `${a}.${String(b).padStart(8, '0').slice(0, d)}`)),
      },
      // valid JSON forms Kraken does not send, and invalid ones
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '0',
          '-1.5',
          '1e-8',
          '2E+3',
          '0.0',
          '01',
          '1.',
          '.5',
          '-',
          '1e',
          '"1.5"',
          'null',
          'true',
        ),
      },
    )
    const ws = fc.constantFrom('', '', '', ' ', '\n  ', '\t')
    const level = fc
      .record({
        price: num,
        qty: num,
        extra: fc.nat(9).map((n) => n === 0),
        dropQty: fc.boolean(),
        swap: fc.boolean(),
      })
      .map((l) => {
        const parts = [`"price":${l.price}`, ...(l.dropQty && l.extra ? [] : [`"qty":${l.qty}`])]
        if (l.swap) parts.reverse()
        if (l.extra && !l.dropQty) parts.push('"count":1')
        return parts
      })
    const side = fc.option(fc.array(level, { maxLength: 4 }), { nil: undefined })
    const checksum = fc.oneof(
      fc.nat().map(String),
      fc.constantFrom('4294967295', '4294967296', '0', '007', '1.0', '-1', '"12"', '1e3'),
    )
    const symbol = fc.constantFrom('"BTC/USD"', '"ETH/EUR"', '"A\\"B"', '"\\u0041"', '1')
    const entry = fc.record({
      symbol: fc.option(symbol, { nil: undefined }),
      bids: side,
      asks: side,
      checksum: fc.option(checksum, { nil: undefined }),
      timestamp: fc.option(fc.constantFrom('"2023-10-06T17:35:55.440295Z"', '5'), { nil: undefined }),
      order: fc.nat(),
    })
    const frame = fc.record({
      channel: fc.constantFrom('"book"', '"book"', '"book"', '"trade"', '"level3"'),
      type: fc.constantFrom('"update"', '"snapshot"', '"update"', '"delta"', '2'),
      data: fc.array(entry, { maxLength: 2 }),
      order: fc.nat(),
      w: ws,
    })
    type Frame = typeof frame extends fc.Arbitrary<infer F> ? F : never
    const join = (members: string[], w: string): string => `{${w}${members.join(`${w},${w}`)}${w}}`
    const rotate = <T>(xs: T[], k: number): T[] =>
      xs.length ? [...xs.slice(k % xs.length), ...xs.slice(0, k % xs.length)] : xs
    const toText = (f: Frame): string => {
      const entries = f.data.map((e) => {
        const members: string[] = []
        if (e.symbol !== undefined) members.push(`"symbol":${f.w}${e.symbol}`)
        if (e.bids !== undefined) members.push(`"bids":[${e.bids.map((l) => join(l, f.w)).join(',')}]`)
        if (e.asks !== undefined) members.push(`"asks":[${e.asks.map((l) => join(l, f.w)).join(',')}]`)
        if (e.checksum !== undefined) members.push(`"checksum":${e.checksum}`)
        if (e.timestamp !== undefined) members.push(`"timestamp":${e.timestamp}`)
        return join(rotate(members, e.order), f.w)
      })
      const top = [`"channel":${f.channel}`, `"type":${f.type}`, `"data":${f.w}[${entries.join(',')}]`]
      return join(rotate(top, f.order), f.w)
    }
    let accepted = 0
    fc.assert(
      fc.property(frame, (f) => {
        const text = toText(f)
        const scanned = scanBookFrame(text)
        if (scanned === null) return
        accepted++
        expect(general(text)).toEqual(scanned)
      }),
      { numRuns: 5000 },
    )
    expect(accepted).toBeGreaterThan(100) // the property is not vacuous
  })

  it('takes the fast path for every frame of the plain Kraken form', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(9999999), fc.nat(99999999)), { maxLength: 30 }),
        fc.nat(),
        (ls, ck) => {
          const lv = ls.map(
            ([p, q]) =>
              `{"price":${Math.floor(p / 10)}.${p % 10},"qty":${Math.floor(q / 1e8)}.${String(q).padStart(8, '0')}}`,
          )
          const text = `{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[${lv.join(',')}],"asks":[],"checksum":${ck},"timestamp":"2026-11-30T20:00:00.000000Z"}]}`
          const scanned = scanBookFrame(text)
          expect(scanned).not.toBeNull()
          expect(scanned).toEqual(general(text))
        },
      ),
    )
  })
})

describe('public client on the scanner path', () => {
  it('keeps the same levels and checksum verdicts as the general path over a stream (property)', () => {
    const instrument =
      '{"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[{"symbol":"BTC/USD","price_precision":1,"qty_precision":8,"price_increment":0.1,"qty_min":0.0001,"cost_min":0.5}]}}'
    const lvl = fc.record({
      bid: fc.boolean(),
      off: fc.integer({ min: 1, max: 30 }),
      qty: fc.oneof(
        fc.constant('0'),
        fc.constant('0.00000000'),
        fc.nat(500000000).map((q) => `${Math.floor(q / 1e8)}.${String(q % 1e8).padStart(8, '0')}`),
      ),
    })
    fc.assert(
      fc.property(
        fc.array(fc.array(lvl, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (updates, corrupt) => {
          // reference book fed by the general path; it also computes the true checksums
          const ref = new BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, 10)
          const px = (bid: boolean, off: number): string => {
            const u = 650000 + (bid ? -off : off)
            return `${Math.floor(u / 10)}.${u % 10}`
          }
          const snapLevels = (bid: boolean): string =>
            Array.from({ length: 10 }, (_, k) => `{"price":${px(bid, k + 1)},"qty":1.00000000}`).join(',')
          const frames: string[] = []
          const snapBody = `"symbol":"BTC/USD","bids":[${snapLevels(true)}],"asks":[${snapLevels(false)}]`
          const snap0 = general(
            `{"channel":"book","type":"snapshot","data":[{${snapBody},"checksum":0}]}`,
          ) as BookMessage[]
          ref.applySnapshot(snap0[0]!.bids, snap0[0]!.asks)
          frames.push(
            `{"channel":"book","type":"snapshot","data":[{${snapBody},"checksum":${ref.checksum()}}]}`,
          )
          const expected: { verdict: boolean; view: ReturnType<BookEngine['view']> }[] = [
            { verdict: true, view: ref.view(10) },
          ]
          let refLive = true
          updates.forEach((u, k) => {
            const seen = new Set<string>()
            const bids: string[] = []
            const asks: string[] = []
            for (const l of u) {
              const p = px(l.bid, l.off)
              if (seen.has(p)) continue
              seen.add(p)
              ;(l.bid ? bids : asks).push(`{"price":${p},"qty":${l.qty}}`)
            }
            const body = `"symbol":"BTC/USD","bids":[${bids.join(',')}],"asks":[${asks.join(',')}]`
            const parsed = general(
              `{"channel":"book","type":"update","data":[{${body},"checksum":0}]}`,
            ) as BookMessage[]
            if (!refLive) return
            ref.applyUpdate(parsed[0]!.bids, parsed[0]!.asks)
            const bad = corrupt[k] === true
            frames.push(
              `{"channel":"book","type":"update","data":[{${body},"checksum":${(ref.checksum() + (bad ? 1 : 0)) >>> 0},"timestamp":"2026-11-30T20:00:00Z"}]}`,
            )
            expected.push({ verdict: !bad, view: ref.view(10) })
            if (bad) refLive = false // the client drops the book and waits for a snapshot
          })
          const seen: { status: string; view: ReturnType<BookEngine['view']> | null }[] = []
          const client = new KrakenWsPublicClient({
            url: 'ws://127.0.0.1:1',
            depth: 10,
            onBook: (_s, st: BookState) =>
              seen.push({ status: st.status, view: st.engine?.view(10) ?? null }),
            onLink: () => undefined,
          })
          client.handleFrame(instrument)
          client.watchBook('BTC/USD')
          for (const f of frames) client.handleFrame(f)
          const got = seen.map((x) =>
            x.status === 'live' ? { verdict: true, view: x.view } : { verdict: false },
          )
          const want = expected.map((e) => (e.verdict ? { verdict: true, view: e.view } : { verdict: false }))
          expect(got).toEqual(want)
        },
      ),
      { numRuns: 200 },
    )
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StreamHub, type CommandHandlers, type TopicSources } from '../../src-main/ipc/StreamHub'
import { BookEngine } from '../../src-main/core/book/BookEngine'
import { decodeFix, FixDecodeError } from '../../src-main/kraken/fix/fixFields'
import { KrakenApiError, KrakenTransportError } from '../../src-main/kraken/rest/errors'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { parseLossless } from '../../src-main/kraken/ws/losslessJson'
import { isObj, readBookMessage, WsProtocolError } from '../../src-main/kraken/ws/wsv2Messages'
import { encode, FixFramingError, FixParser } from '../../src-main/sim/fix/fixCodec'
import { commandSchemas, topicSchemas } from '../../src-preload/contract/contract'
import { DecimalError } from '../../src-domain/decimal'
import type { ServerFrame } from '../../src-preload/contract/wire'

/**
 * Property and mutation fuzzing of every parser that takes outside input: FIX frames (client
 * decoder and the exchange's stream parser), WS v2 JSON into the book, REST envelopes, and
 * contract frames from a renderer. Each must either accept the input or fail with its own typed
 * error — never a TypeError, a RangeError, a hang or an unbounded buffer.
 * CI runs TRIDENT_FUZZ_RUNS cases per target (default below); `npm run fuzz` runs many more.
 */
const RUNS = Number(process.env.TRIDENT_FUZZ_RUNS ?? (process.env.CI ? 100_000 : 20_000))
const SEED = process.env.TRIDENT_FUZZ_SEED ? Number(process.env.TRIDENT_FUZZ_SEED) : undefined
const opts = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) }
/*
 * Each test runs a fixed number of cases: its time is CPU work, not waiting on anything. On this
 * 2-core machine with a long bench beside it the FIX stream case took over 21 s where a quiet run
 * takes about 12, past vitest's 20 s default; the bound here is for a hang, not for speed.
 */
const WORK = { timeout: 180_000 }
const SOH = '\x01'

/** A valid ExecutionReport, as the exchange writes it. */
const er = (clOrdId: string, qty: string, price: string) =>
  encode(
    '8',
    [
      [49, 'KRAKEN-TRD'],
      [56, 'TRIDENT'],
      [34, '7'],
      [52, '20261124-12:00:00.000'],
    ],
    [
      [37, 'OABCDE-12345-FGHIJK'],
      [11, clOrdId],
      [17, 'T1'],
      [150, 'F'],
      [39, '1'],
      [55, 'XBT/USD'],
      [54, '1'],
      [38, '1.00000000'],
      [32, qty],
      [31, price],
      [14, qty],
      [151, '0.5'],
      [453, '2'],
      [448, 'A'],
      [448, 'B'],
    ],
  )
const validEr = fc
  .tuple(
    fc.stringMatching(/^\d{1,18}$/),
    fc.stringMatching(/^\d{1,6}\.\d{1,8}$/),
    fc.stringMatching(/^\d{1,6}\.\d$/),
  )
  .map(([c, q, p]) => er(c, q, p))

/** Mutations of a valid message: flip, drop or insert characters, splice fields, huge numbers. */
const mutated = (base: fc.Arbitrary<string>) =>
  fc
    .tuple(
      base,
      fc.array(fc.tuple(fc.nat(), fc.nat(5), fc.string({ maxLength: 12, unit: 'binary-ascii' })), {
        maxLength: 6,
      }),
    )
    .map(([msg, edits]) => {
      let s = msg
      for (const [at, kind, text] of edits) {
        const i = s.length ? at % s.length : 0
        if (kind === 0) s = s.slice(0, i) + s.slice(i + 1)
        else if (kind === 1) s = s.slice(0, i) + text + s.slice(i)
        else if (kind === 2)
          s = s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) + 1) % 256) + s.slice(i + 1)
        else if (kind === 3) s = s.slice(0, i) + `${SOH}9=99999999999999999999${SOH}` + s.slice(i)
        else if (kind === 4) s = s.slice(0, i) + `${SOH}453=1000000${SOH}` + s.slice(i)
        else s = s + s.slice(0, i)
      }
      return s
    })

function expectTyped(e: unknown, ...types: (abstract new (...a: never[]) => Error)[]): void {
  if (!types.some((t) => e instanceof t))
    throw new Error(`untyped failure: ${(e as Error)?.stack ?? String(e)}`)
}

describe('fuzz: FIX', WORK, () => {
  it('client decoder: valid reports decode exactly; anything else is a FixDecodeError', () => {
    fc.assert(
      fc.property(validEr, (m) => {
        const d = decodeFix(m, SOH, true)
        expect(d.type).toBe('8')
        expect(d.get(11)).toBe(m.split(`${SOH}11=`)[1]!.split(SOH)[0])
        expect(d.all(448)).toEqual(['A', 'B'])
      }),
      opts,
    )
    fc.assert(
      fc.property(
        fc.oneof(
          mutated(validEr),
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 300, unit: 'binary' }),
        ),
        (m) => {
          try {
            decodeFix(m, SOH, true)
          } catch (e) {
            expectTyped(e, FixDecodeError)
          }
        },
      ),
      opts,
    )
  })

  it('exchange stream parser: any chunking of valid frames round-trips; garbage is a FixFramingError, buffers stay bounded', () => {
    fc.assert(
      fc.property(
        fc.array(validEr, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (msgs, cuts) => {
          const stream = msgs.join('')
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b)
          const p = new FixParser()
          const got: string[] = []
          let last = 0
          for (const at of [...points, stream.length]) {
            for (const m of p.push(stream.slice(last, at))) got.push(m.get(11) ?? '')
            last = at
          }
          expect(got).toEqual(msgs.map((m) => m.split(`${SOH}11=`)[1]!.split(SOH)[0]))
        },
      ),
      opts,
    )
    fc.assert(
      fc.property(
        fc.array(fc.oneof(mutated(validEr), fc.string({ maxLength: 200, unit: 'binary-ascii' })), {
          minLength: 1,
          maxLength: 4,
        }),
        (chunks) => {
          const p = new FixParser()
          try {
            for (const c of chunks) p.push(c)
          } catch (e) {
            expectTyped(e, FixFramingError)
          }
          // whatever it was fed, it holds at most one message's worth while waiting for the rest
          expect((p as unknown as { buf: string }).buf.length).toBeLessThanOrEqual(64 * 1024 + 64)
        },
      ),
      opts,
    )
  })
})

describe('fuzz: WS v2 book frames', WORK, () => {
  const bookFrame = fc
    .record({
      channel: fc.constantFrom('book', 'book', 'trade', 'status'),
      type: fc.constantFrom('snapshot', 'update', 'bogus'),
      data: fc.array(
        fc.record({
          symbol: fc.constantFrom('BTC/USD', 'ETH/USD', '', 7),
          bids: fc.array(
            fc.record({
              price: fc.oneof(fc.double(), fc.stringMatching(/^-?\d{0,7}(\.\d{0,12})?$/), fc.constant(null)),
              qty: fc.oneof(fc.double(), fc.stringMatching(/^\d{0,5}(\.\d{0,10})?$/)),
            }),
            { maxLength: 5 },
          ),
          asks: fc.array(
            fc.record({
              price: fc.stringMatching(/^\d{1,7}\.\d$/),
              qty: fc.stringMatching(/^\d{1,3}\.\d{8}$/),
            }),
            { maxLength: 5 },
          ),
          checksum: fc.oneof(fc.nat(), fc.constant(-1), fc.string()),
        }),
        { maxLength: 2 },
      ),
    })
    .map((o) => JSON.stringify(o))

  it('a frame is applied or refused with a typed error; the JSON reader never throws anything else', () => {
    const engine = () => new BookEngine('BTC/USD', { pricePrecision: 1, qtyPrecision: 8 }, 10)
    fc.assert(
      fc.property(
        fc.array(fc.oneof(bookFrame, fc.string({ maxLength: 200 }), fc.json()), { maxLength: 4 }),
        (frames) => {
          const book = engine()
          for (const text of frames) {
            try {
              const msg = parseLossless(text)
              if (!isObj(msg) || msg.channel !== 'book') continue
              for (const b of readBookMessage(msg)) {
                if (b.type === 'snapshot') book.applySnapshot(b.bids, b.asks)
                else if (book.updatesSinceSnapshot >= 0 && book.view(1)) book.applyUpdate(b.bids, b.asks)
                book.checksum()
              }
            } catch (e) {
              expectTyped(e, SyntaxError, WsProtocolError, DecimalError, BookStateError)
            }
          }
        },
      ),
      opts,
    )
  })
})

/** The engine's "update before snapshot" (a plain Error with that message) is the one state error. */
class BookStateError extends Error {
  static override [Symbol.hasInstance](e: unknown): boolean {
    return e instanceof Error && /update before snapshot/.test(e.message)
  }
}

describe('fuzz: REST envelopes', WORK, () => {
  it('any response body is a result, a KrakenApiError or a KrakenTransportError', () => {
    const client = new KrakenRestClient({ baseUrl: 'http://127.0.0.1:9' }) as unknown as {
      parse: (method: string, answer: { status: number; text: string }, readOnly: boolean) => unknown
    }
    const envelope = fc
      .record(
        {
          error: fc.oneof(
            fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
            fc.string(),
            fc.constant(null),
          ),
          result: fc.jsonValue(),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o))
    fc.assert(
      fc.property(fc.oneof(envelope, fc.json(), fc.string({ maxLength: 100 })), (text) => {
        // as a read answered 200 and as an order behind a CDN error status
        for (const [method, status, readOnly] of [
          ['Balance', 200, true],
          ['AddOrder', 520, false],
        ] as const) {
          try {
            client.parse(method, { status, text }, readOnly)
          } catch (e) {
            expectTyped(e, KrakenApiError, KrakenTransportError)
          }
        }
      }),
      opts,
    )
  })
})

describe('fuzz: contract frames from a renderer', WORK, () => {
  it('every frame gets a well-formed answer or is dropped; the hub never throws', async () => {
    const ok = () => ({ ok: true })
    const handlers = Object.fromEntries(
      Object.keys(commandSchemas).map((n) => [n, ok]),
    ) as unknown as CommandHandlers
    const sources = Object.fromEntries(
      Object.keys(topicSchemas).map((t) => [
        t,
        { acquire: () => ({ key: 'k', release: () => {} }), latest: () => undefined },
      ]),
    ) as unknown as TopicSources
    const hub = new StreamHub(handlers, sources, { frameMs: 1 })
    const names = [
      ...Object.keys(commandSchemas),
      ...Object.keys(topicSchemas),
      'nope',
      '__proto__',
      'constructor',
    ]
    const frame = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          k: fc.constantFrom('cmd', 'sub', 'unsub', 'x'),
          id: fc.oneof(fc.nat(), fc.double(), fc.string()),
          name: fc.constantFrom(...names),
          topic: fc.constantFrom(...names),
          payload: fc.jsonValue(),
          params: fc.jsonValue(),
        },
        { requiredKeys: ['k', 'id'] },
      ),
    )
    const answered: ServerFrame[] = []
    const session = hub.openSession({ send: (f) => answered.push(f), isCongested: () => false })
    await fc.assert(
      fc.asyncProperty(frame, async (f) => {
        answered.length = 0
        expect(() => session.receive(f)).not.toThrow()
        await Promise.resolve()
        for (const a of answered) {
          expect(['res', 'topic', 'end']).toContain(a.k)
          if (a.k === 'res' && !a.ok)
            expect(['EBADREQ', 'EUNKNOWN', 'EREFUSED', 'EINTERNAL']).toContain(a.error.code)
          JSON.stringify(a) // always serialisable
        }
      }),
      { ...opts, numRuns: Math.max(1000, Math.floor(RUNS / 4)) },
    )
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { commandSchemaMap } from '../../../src-preload/contract/contract'
import { clientFrameSchema } from '../../../src-preload/contract/wire'
import { quickCommandFrame, quickPlace } from '../../../src-main/ipc/quickFrames'
import { StreamHub } from '../../../src-main/ipc/StreamHub'

/**
 * The quick checks only ever accept, and what they accept is exactly what zod accepts and
 * returns; everything else (every refusal) is zod's, in zod's words.
 */
const placeSchema = commandSchemaMap['orders.place']

describe('quickPlace', () => {
  it('returns zod’s output for what the ticket sends: defaults filled in, in the schema’s key order', () => {
    const out = quickPlace({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '65000.5',
    })
    expect(out).toEqual({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '65000.5',
      tif: 'GTC',
      protocol: 'auto',
      confirmed: false,
    })
    expect(Object.keys(out!)).toEqual([
      'symbol',
      'side',
      'type',
      'qty',
      'limitPrice',
      'tif',
      'protocol',
      'confirmed',
    ])
    const full = quickPlace({
      confirmed: true,
      protocol: 'fix',
      reduceOnly: false,
      postOnly: true,
      expireAt: 1_790_000_000_000,
      tif: 'GTD',
      displayQty: '0.1',
      triggerPrice: '64000',
      limitPrice: '63990.0',
      qty: '1.5',
      type: 'iceberg',
      side: 'sell',
      symbol: 'ETH/USD',
    })
    expect(JSON.stringify(full)).toBe(
      '{"symbol":"ETH/USD","side":"sell","type":"iceberg","qty":"1.5","limitPrice":"63990.0","triggerPrice":"64000",' +
        '"displayQty":"0.1","tif":"GTD","expireAt":1790000000000,"postOnly":true,"reduceOnly":false,"protocol":"fix","confirmed":true}',
    )
  })

  it('declines (null: zod decides, and refuses in its words) anything zod refuses', () => {
    const base = { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.01' }
    for (const bad of [
      null,
      'x',
      [],
      { ...base, symbol: 'btc/usd' },
      { ...base, symbol: 'BTCUSD' },
      { ...base, side: 'long' },
      { ...base, type: 'stop' },
      { ...base, qty: '1e-3' },
      { ...base, qty: '.5' },
      { ...base, qty: 0.01 },
      { ...base, qty: '1'.repeat(33) },
      { ...base, limitPrice: '-1' },
      { ...base, tif: 'DAY' },
      { ...base, protocol: 'udp' },
      { ...base, confirmed: 'yes' },
      { ...base, postOnly: 1 },
      { ...base, expireAt: 0 },
      { ...base, expireAt: 1.5 },
      { ...base, extra: true },
      { side: 'buy', type: 'limit', qty: '0.01' },
    ]) {
      expect(quickPlace(bad), JSON.stringify(bad)).toBeNull()
      expect(placeSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })

  it('on random payloads: accepts only what zod accepts, with zod’s very output (5,000 runs)', () => {
    const value = fc.oneof(
      fc.constantFrom(
        'BTC/USD',
        'ETH/USD',
        'btc/usd',
        'buy',
        'sell',
        'limit',
        'market',
        'GTC',
        'IOC',
        'ws',
        'fix',
      ),
      fc.constantFrom('0.01', '65000.5', '1', '1.', '-1', '', ' 1', '0.10000000'),
      fc.string({ maxLength: 40 }),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
    )
    const key = fc.constantFrom(
      'symbol',
      'side',
      'type',
      'qty',
      'limitPrice',
      'triggerPrice',
      'displayQty',
      'tif',
      'expireAt',
      'postOnly',
      'reduceOnly',
      'protocol',
      'confirmed',
      'other',
    )
    const payload = fc.tuple(
      fc.record({
        symbol: fc.constantFrom('BTC/USD', 'ETH/USD', 'X/Y', 'AB/CD'),
        side: fc.constantFrom('buy', 'sell'),
        type: fc.constantFrom('limit', 'market', 'stop-loss'),
        qty: fc.constantFrom('0.01', '1', '25.5'),
      }),
      fc.dictionary(key, value, { maxKeys: 5 }),
    )
    fc.assert(
      fc.property(payload, ([base, extra]) => {
        const p: Record<string, unknown> = { ...base, ...extra }
        const quick = quickPlace(p)
        const zod = placeSchema.safeParse(p)
        if (quick === null) return
        expect(zod.success).toBe(true)
        expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data))
      }),
      { numRuns: 5000 },
    )
  })
})

describe('quickCommandFrame', () => {
  it('returns the frame as zod does for a command frame with its four members', () => {
    const payload = { symbol: 'BTC/USD' }
    const f = quickCommandFrame({ payload, name: 'orders.place', id: 7, k: 'cmd' })
    expect(f).toEqual({ k: 'cmd', id: 7, name: 'orders.place', payload })
    expect(f!.payload).toBe(payload)
  })

  it('declines every other frame (zod decides)', () => {
    for (const raw of [
      { k: 'cmd', id: 1, name: 'x' }, // no payload member: zod's to judge
      { k: 'cmd', id: -1, name: 'x', payload: {} },
      { k: 'cmd', id: 1.5, name: 'x', payload: {} },
      { k: 'cmd', id: '1', name: 'x', payload: {} },
      { k: 'cmd', id: 1, name: 'x'.repeat(65), payload: {} },
      { k: 'cmd', id: 1, name: 'x', payload: {}, more: 1 },
      { k: 'sub', id: 1, topic: 'book', params: {} },
      null,
    ])
      expect(quickCommandFrame(raw), JSON.stringify(raw)).toBeNull()
  })

  it('on random frames: accepts only what zod accepts, with zod’s output', () => {
    const frame = fc.record(
      {
        k: fc.constantFrom('cmd', 'sub', 'unsub'),
        id: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.string()),
        name: fc.string({ maxLength: 70 }),
        payload: fc.anything(),
        topic: fc.string(),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(frame, (raw) => {
        const quick = quickCommandFrame(raw)
        if (quick === null) return
        const zod = clientFrameSchema.safeParse(raw)
        expect(zod.success).toBe(true)
        expect(quick).toStrictEqual(zod.data)
      }),
      { numRuns: 5000 },
    )
  })
})

describe('a window’s invalid orders.place', () => {
  it('is refused in zod’s words, as before the quick checks', async () => {
    const hub = new StreamHub()
    hub.command('orders.place', () => Promise.resolve({ clOrdId: '1', state: 'pending-new' as const }))
    const sent: unknown[] = []
    const s = hub.openSession({ send: (f) => sent.push(f), isCongested: () => false })
    s.receive({
      k: 'cmd',
      id: 3,
      name: 'orders.place',
      payload: { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.01', limitPrice: '1e5' },
    })
    await Promise.resolve()
    expect(sent).toEqual([
      {
        k: 'res',
        id: 3,
        ok: false,
        error: {
          code: 'EBADREQ',
          message: 'Invalid orders.place: limitPrice must be a decimal number like 0.01',
        },
      },
    ])
  })
})

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecodedFix } from '../../../../src-main/kraken/fix/fixFields'
import { KrakenFixClient } from '../../../../src-main/kraken/fix/KrakenFixClient'
import { SimExchange } from '../../../../src-main/sim/SimExchange'
import { until } from '../../../helpers/until'
import { WireCapture } from './wireCapture'

/**
 * What Trident's FIX client puts on the wire, captured by a TCP pass-through in front of the
 * built-in exchange, checked against the tags Kraken's Unified FIX pages mark required:
 *   D  nos-fix:  11 38 40 54 55 59 60 (44 for limit types, 126 for GTD)
 *   F  ocr-fix:  11 54 55 60 and one of 37/41
 *   G  ocrr-fix: 11 37 41 54 55 60 38 40 59 (44 for limit types)
 *   H  osr-fix:  11 37 55
 *   q  omcr-fix: 11 60 530 (55 when 530=1)
 *   A  logon-fix: 98 108 553 554 5025 (trading)
 *   V  mdr-fix:  262 263 264 267/269 146/55
 * (docs.kraken.com/api/docs/fix-api/<page>, read 2026-11-30)
 */
let sim: SimExchange
let wire: WireCapture
let c: KrakenFixClient
const msgs: DecodedFix[] = []

beforeAll(async () => {
  sim = new SimExchange({ seed: 43, messagesPerSecond: 0 })
  const ep = await sim.start()
  wire = new WireCapture(ep.fix.port)
  c = new KrakenFixClient({
    host: '127.0.0.1',
    port: await wire.start(),
    senderCompId: 'TAGS1',
    credentials: sim.credentials[0]!,
    dataDir: mkdtempSync(join(tmpdir(), 'trident-fix-tags-')),
    onMessage: (m) => msgs.push(m),
    random: () => 0,
  })
  await c.start()
  await until(() => c.state === 'online', 'FIX logon')
})
afterAll(async () => {
  await c.stop()
  await wire.stop()
  await sim.stop()
})

const er = (pred: (m: DecodedFix) => boolean) =>
  until(() => msgs.find((m) => m.type === '8' && pred(m)), 'execution report')
const sentWith = (type: string, clOrdId: string): [number, string][] => {
  const raw = wire.sent.find((m) => m.includes(`|35=${type}|`) && m.includes(`|11=${clOrdId}|`))
  if (!raw) throw new Error(`no ${type} with 11=${clOrdId} on the wire`)
  return WireCapture.fields(raw)
}
const tags = (f: [number, string][]) => new Set(f.map(([t]) => t))
const value = (f: [number, string][], tag: number) => f.find(([t]) => t === tag)?.[1]

describe('KrakenFixClient: required tags on the wire (Kraken Unified FIX docs)', () => {
  it('an amend (35=G) carries TimeInForce (59) = the order TIF, and OrderID (37), even when the caller gives neither', async () => {
    c.newOrder({
      clOrdId: '1719305784',
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.2',
      limitPrice: '20000.0',
      tif: 'GTD',
      expireAt: Date.now() + 3_600_000,
    })
    const ack = await er((m) => m.get(11) === '1719305784' && m.get(150) === '0')
    // what VenueExecution passes today: no tif, and no orderId before it learns one
    c.replace({
      clOrdId: '1719305825',
      origClOrdId: '1719305784',
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.2',
      limitPrice: '20001.0',
    })
    await er((m) => m.get(11) === '1719305825' && m.get(150) === '5')
    const g = sentWith('G', '1719305825')
    expect(value(g, 59)).toBe('6')
    expect(value(g, 37)).toBe(ack.get(37))
    for (const t of [11, 37, 41, 54, 55, 60, 38, 40, 59, 44]) expect(tags(g).has(t), `G tag ${t}`).toBe(true)
  })

  it('an amend with an explicit TIF sends that TIF (59=1 for GTC)', async () => {
    c.newOrder({
      clOrdId: '1719305900',
      symbol: 'XBT/USD',
      side: 'sell',
      type: 'limit',
      qty: '0.1',
      limitPrice: '90000.0',
      tif: 'GTC',
    })
    await er((m) => m.get(11) === '1719305900' && m.get(150) === '0')
    c.replace({
      clOrdId: '1719305901',
      origClOrdId: '1719305900',
      symbol: 'XBT/USD',
      side: 'sell',
      type: 'limit',
      qty: '0.1',
      limitPrice: '90001.0',
      tif: 'GTC',
    })
    await er((m) => m.get(11) === '1719305901' && m.get(150) === '5')
    expect(value(sentWith('G', '1719305901'), 59)).toBe('1')
  })

  it('an amend of an order whose TIF this client never saw is refused in words, nothing sent', () => {
    expect(() =>
      c.replace({
        clOrdId: '1719306000',
        origClOrdId: 'unknown-order',
        orderId: 'OAAAAA-BBBBB-CCCCCC',
        symbol: 'XBT/USD',
        side: 'buy',
        type: 'limit',
        qty: '1',
        limitPrice: '1.0',
      }),
    ).toThrow(/time in force/i)
    expect(wire.sent.some((m) => m.includes('|11=1719306000|'))).toBe(false)
  })

  it('D, F, H, q and the Logon carry every tag Kraken marks required', async () => {
    c.newOrder({
      clOrdId: '1688738168',
      symbol: 'XBT/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '1000.0',
      tif: 'GTC',
    })
    await er((m) => m.get(11) === '1688738168' && m.get(150) === '0')
    c.status({ clOrdId: '1688738168', symbol: 'XBT/USD', side: 'buy' })
    await er((m) => m.get(11) === '1688738168' && m.get(150) === 'I')
    c.cancel({ clOrdId: '1688738340', origClOrdId: '1688738168', symbol: 'XBT/USD', side: 'buy' })
    await er((m) => m.get(11) === '1688738340' && m.get(150) === '4')
    c.massCancel('1688738376', { kind: 'symbol', symbol: 'XBT/USD' })
    await until(() => msgs.find((m) => m.type === 'r'), 'mass cancel report')

    const d = sentWith('D', '1688738168')
    for (const t of [11, 38, 40, 54, 55, 59, 60, 44]) expect(tags(d).has(t), `D tag ${t}`).toBe(true)
    const h = sentWith('H', '1688738168')
    for (const t of [11, 37, 55]) expect(tags(h).has(t), `H tag ${t}`).toBe(true)
    const f = sentWith('F', '1688738340')
    for (const t of [11, 54, 55, 60, 41]) expect(tags(f).has(t), `F tag ${t}`).toBe(true)
    const q = sentWith('q', '1688738376')
    for (const t of [11, 60, 530, 55]) expect(tags(q).has(t), `q tag ${t}`).toBe(true)
    const logon = WireCapture.fields(wire.sent.find((m) => m.includes('|35=A|'))!)
    for (const t of [98, 108, 553, 554, 5025]) expect(tags(logon).has(t), `A tag ${t}`).toBe(true)
  })

  it('a MarketDataRequest (V) on KRAKEN-MD carries 262 263 264 267/269 146/55', async () => {
    const md = new KrakenFixClient({
      host: '127.0.0.1',
      port: wire.port,
      senderCompId: 'TAGSMD',
      targetCompId: 'KRAKEN-MD',
      credentials: null,
      dataDir: mkdtempSync(join(tmpdir(), 'trident-fix-tags-md-')),
      random: () => 0,
    })
    await md.start()
    try {
      await until(() => md.state === 'online', 'FIX MD logon')
      md.marketData('md-tags', ['XBT/USD'], 10)
      const raw = await until(() => wire.sent.find((m) => m.includes('|35=V|')), 'V on the wire')
      const v = WireCapture.fields(raw)
      expect([value(v, 262), value(v, 263), value(v, 264), value(v, 146), value(v, 55)]).toEqual([
        'md-tags',
        '1',
        '10',
        '1',
        'XBT/USD',
      ])
      expect(value(v, 267)).toBe('2')
      expect(v.filter(([t]) => t === 269).map(([, x]) => x)).toEqual(['0', '1'])
    } finally {
      await md.stop()
    }
  })
})

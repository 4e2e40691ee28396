import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KrakenFixClient } from '../../src-main/kraken/fix/KrakenFixClient'
import { SimExchange } from '../../src-main/sim/SimExchange'
import { until } from '../helpers/until'
import { WireCapture } from '../src-main/kraken/fix/wireCapture'
import { corpusMessage } from './corpus'

/**
 * What Trident's FIX client puts on the wire for Logon, D, F and G, captured on a real socket,
 * against Kraken's documented examples (corpus/fix/h3-*): tag by tag, ignoring only what differs
 * by nature — BodyLength, CheckSum, MsgSeqNum, SendingTime, TransactTime, the ids Kraken's
 * example invented (ClOrdID, OrigClOrdID) and the logon's key, signature and nonce.
 */
const IGNORED = new Set([9, 10, 34, 52, 60, 11, 41, 553, 554, 5025])

let sim: SimExchange
let wire: WireCapture
let c: KrakenFixClient

beforeAll(async () => {
  sim = new SimExchange({ seed: 47, messagesPerSecond: 0 })
  const ep = await sim.start()
  wire = new WireCapture(ep.fix.port)
  c = new KrakenFixClient({
    host: '127.0.0.1',
    port: await wire.start(),
    senderCompId: 'MYCOMPID', // as in Kraken's examples, so 49 compares too
    credentials: sim.credentials[0]!,
    heartbeatSecs: 60, // Kraken's recommended value, as in its example
    dataDir: mkdtempSync(join(tmpdir(), 'trident-fix-out-')),
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

/** tag -> value of a message, minus the ignored tags */
function comparable(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [t, v] of WireCapture.fields(text)) if (!IGNORED.has(t)) out[t] = v
  return out
}

const onWire = (type: string, clOrdId?: string) =>
  until(
    () => wire.sent.find((m) => m.includes(`|35=${type}|`) && (!clOrdId || m.includes(`|11=${clOrdId}|`))),
    `35=${type} on the wire`,
  )

describe("Trident's outbound FIX against Kraken's documented examples", () => {
  it('Logon (A): equals the trading example (98, 108, 141, 49, 56 and the credential tags present)', async () => {
    const doc = corpusMessage('fix.A.logon-trading').text
    const sent = await onWire('A')
    expect(comparable(sent)).toEqual(comparable(doc))
    for (const t of [553, 554, 5025]) expect(WireCapture.fields(sent).some(([x]) => x === t)).toBe(true)
  })

  it('NewOrderSingle (D): equals the spot example', async () => {
    c.newOrder({
      clOrdId: '1688738168',
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.01',
      limitPrice: '1000',
      tif: 'GTC',
    })
    expect(comparable(await onWire('D', '1688738168'))).toEqual(
      comparable(corpusMessage('fix.D.nos-spot').text),
    )
  })

  it('OrderCancelRequest (F): equals the example, plus OrigClOrdID (41), which the page allows beside 37', async () => {
    c.cancel({
      clOrdId: '1688738340',
      origClOrdId: '1688738168',
      orderId: 'OKWUQF-YPJM2-DTAJHH',
      symbol: 'BTC/USD',
      side: 'buy',
    })
    const sent = await onWire('F', '1688738340')
    expect(comparable(sent)).toEqual(comparable(corpusMessage('fix.F.ocr').text))
    expect(WireCapture.fields(sent).find(([t]) => t === 41)?.[1]).toBe('1688738168')
  })

  it('OrderCancelReplaceRequest (G): equals the example, TimeInForce (59) included', async () => {
    c.replace({
      clOrdId: '1719305825',
      origClOrdId: '1719305784',
      orderId: 'OTHB2F-BNGUH-2CMLPT',
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      qty: '0.2',
      limitPrice: '71000',
      tif: 'GTC',
    })
    // this page's example was sent by a named account (49=damien_dlt), the others by MYCOMPID
    const doc = corpusMessage('fix.G.ocrr').text.replace('|49=damien_dlt|', '|49=MYCOMPID|')
    expect(comparable(await onWire('G', '1719305825'))).toEqual(comparable(doc))
  })
})

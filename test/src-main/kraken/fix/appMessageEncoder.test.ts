import 'reflect-metadata'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DITokens, SessionContainer, type IJsFixConfig } from 'jspurefix'
import { AsciiMsgTransmitter } from 'jspurefix/dist/transport/ascii/ascii-msg-transmitter'
import { makeSessionScope } from 'jspurefix/dist/runtime/session-scope'
import { AppMessageEncoder, type AppHeader } from '../../../../src-main/kraken/fix/appMessageEncoder'
import { krakenDictionaryPath } from '../../../../src-main/kraken/fix/krakenDictionary'

/**
 * The FIX client writes its application messages with AppMessageEncoder instead of jspurefix's
 * transmitter: the bytes must be the very bytes jspurefix writes for the same message, header,
 * field order, padded BodyLength and CheckSum included.
 */
let config: IJsFixConfig
let tx: AsciiMsgTransmitter
let ours: AppMessageEncoder
const AT = new Date(Date.UTC(2026, 10, 24, 9, 23, 12, 800))
const header = (seq: number): AppHeader => ({
  beginString: 'FIX.4.4',
  senderCompId: 'TRIDENT1',
  targetCompId: 'KRAKEN-TRD',
  seq,
  sendingTime: AT,
})

beforeAll(async () => {
  const sc = new SessionContainer()
  sc.registerGlobal('error')
  const container = await sc.makeSystem({
    application: {
      type: 'initiator',
      name: 'encoder-test',
      tcp: { host: '127.0.0.1', port: 1 },
      protocol: 'ascii',
      dictionary: krakenDictionaryPath(join(mkdtempSync(join(tmpdir(), 'trident-enc-')), 'fix')),
    },
    SenderCompId: 'TRIDENT1',
    TargetCompID: 'KRAKEN-TRD',
    HeartBtInt: 30,
    BeginString: 'FIX.4.4',
  } as unknown as Parameters<SessionContainer['makeSystem']>[0])
  config = container.resolve<IJsFixConfig>(DITokens.IJsFixConfig)
  tx = new AsciiMsgTransmitter(makeSessionScope(config))
  ours = new AppMessageEncoder(config.definitions)
})

/** What jspurefix's transmitter writes for this message at seq and AT, SOH shown as "|". */
function jspurefix(msgType: string, obj: Record<string, unknown>, seq: number): string {
  ;(tx as unknown as { time: Date }).time = AT
  tx.msgSeqNum = seq
  tx.encoder.reset()
  ;(tx as unknown as { encodeMessage: (t: string, o: unknown) => unknown }).encodeMessage(msgType, obj)
  return tx.buffer.toString()
}
const bar = (text: string | null) => text?.split('\x01').join('|') ?? null

describe('AppMessageEncoder', () => {
  it('writes a NewOrderSingle byte for byte as expected (and as jspurefix does)', () => {
    const d = {
      ClOrdID: '179551219280000002',
      PreAllocGrp: { NoAllocs: [{ AllocAccount: 'sub1' }] },
      Instrument: { Symbol: 'XBT/USD' },
      Side: '1',
      TransactTime: '20261124-09:23:12.800',
      OrderQtyData: { OrderQty: '0.30000000' },
      OrdType: '2',
      TimeInForce: '1',
      Price: '45285.2',
      ExecInst: 'P',
    }
    const expected =
      '8=FIX.4.4|9=0000180|35=D|49=TRIDENT1|56=KRAKEN-TRD|34=1235|52=20261124-09:23:12.800|11=179551219280000002|' +
      '78=1|79=sub1|18=P|55=XBT/USD|54=1|60=20261124-09:23:12.800|38=0.30000000|40=2|44=45285.2|59=1|10=094|'
    expect(bar(ours.encode('D', d, header(1235)))).toBe(expected)
    expect(jspurefix('D', d, 1235)).toBe(expected)
  })

  it('equals jspurefix for every message the FIX client sends (D, F, G, q, H, x) in their shapes', () => {
    const cases: [string, Record<string, unknown>][] = [
      [
        'D',
        {
          ClOrdID: '1',
          Instrument: { Symbol: 'ETH/USD' },
          Side: '2',
          TransactTime: '20261124-09:23:12.800',
          OrderQtyData: { OrderQty: '12.5' },
          OrdType: '1',
          TimeInForce: '3',
        },
      ],
      [
        'D',
        {
          ClOrdID: '2',
          Instrument: { Symbol: 'XBT/USD' },
          Side: '1',
          TransactTime: '20261124-09:23:12.800',
          OrderQtyData: { OrderQty: '0.00000001' },
          OrdType: '4',
          TimeInForce: '6',
          Price: '0.1',
          StopPx: '99999.9',
          ExpireTime: '20261125-00:00:00.000',
          DisplayQty: '0.00000001',
        },
      ],
      [
        'F',
        {
          OrigClOrdID: '1',
          ClOrdID: '3',
          Instrument: { Symbol: 'XBT/USD' },
          Side: '1',
          TransactTime: '20261124-09:23:12.800',
          OrderID: 'OABCDE-FGHIJ-KLMNOP',
        },
      ],
      [
        'G',
        {
          OrigClOrdID: '2',
          ClOrdID: '4',
          PreAllocGrp: { NoAllocs: [{ AllocAccount: 'a' }] },
          Instrument: { Symbol: 'XBT/USD' },
          Side: '1',
          TransactTime: '20261124-09:23:12.800',
          OrderQtyData: { OrderQty: '1' },
          OrdType: '2',
          TimeInForce: '1',
          OrderID: 'OABCDE-FGHIJ-KLMNOP',
          Price: '45000',
        },
      ],
      [
        'q',
        {
          ClOrdID: '5',
          MassCancelRequestType: '1',
          TransactTime: '20261124-09:23:12.800',
          Instrument: { Symbol: 'XBT/USD' },
        },
      ],
      ['q', { ClOrdID: '6', MassCancelRequestType: '7', TransactTime: '20261124-09:23:12.800' }],
      ['H', { ClOrdID: '7', OrderID: 'O1', Instrument: { Symbol: 'XBT/USD' }, Side: '2' }],
      ['x', { SecurityReqID: 'r1', SecurityListRequestType: '4' }],
    ]
    let seq = 10
    for (const [type, obj] of cases) {
      seq += 991 // BodyLength and CheckSum over several digit counts
      expect(bar(ours.encode(type, obj, header(seq))), `${type} ${JSON.stringify(obj)}`).toBe(
        jspurefix(type, obj, seq),
      )
    }
  })

  it('declines (null: jspurefix encodes it) what it cannot write exactly as jspurefix would', () => {
    // numbers in a body (MarketDataRequest), a name the dictionary lacks, a resend's own header
    expect(
      ours.encode('V', { MDReqID: '1', SubscriptionRequestType: '1', MarketDepth: 10 }, header(2)),
    ).toBeNull()
    expect(ours.encode('D', { ClOrdID: '1', NotAField: 'x' }, header(2))).toBeNull()
    expect(ours.encode('D', { ClOrdID: '1', StandardHeader: { PossDupFlag: 'Y' } }, header(2))).toBeNull()
    expect(ours.encode('NOPE', { ClOrdID: '1' }, header(2))).toBeNull()
    expect(ours.encode('D', { ClOrdID: 'caf\u00e9' }, header(2))).toBeNull()
  })
})

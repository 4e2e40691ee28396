import { describe, expect, it } from 'vitest'
import { decodeFix } from '../../../../src-main/kraken/fix/fixFields'
import { FixOrderGateway } from '../../../../src-main/kraken/fix/FixOrderGateway'
import { corpusMessage } from '../../../conformance/corpus'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'
import { trackedOrder } from '../../../helpers/trackedOrder'

const AT = 1_700_000_000_000
const decode = (text: string) => decodeFix(text, '|', false)

function gateway() {
  const sent: unknown[][] = []
  const g = new FixOrderGateway({
    fix: {
      state: 'online',
      sessionId: 'TRIDENT->KRAKEN-TRD',
      newOrder: (o) => (sent.push(['D', o]), 1),
      replace: (r) => (sent.push(['G', r]), 2),
      cancel: (c) => (sent.push(['F', c]), 3),
      massCancel: (id, scope) => (sent.push(['q', id, scope]), 4),
    },
    registry: () => conformanceRegistry.withFixSymbols(['XBT/USD']),
    emit: () => {},
    now: () => AT,
  })
  return { g, sent }
}

describe('FixOrderGateway: Kraken FIX -> domain reports', () => {
  it("Kraken's BusinessMessageReject of a NewOrderSingle: a refused place, its words without the time prefix", () => {
    expect(gateway().g.translate(decode(corpusMessage('fix.j.reject-business').text))).toEqual({
      kind: 'refused',
      protocol: 'fix',
      action: 'place',
      requestId: '1688738737',
      text: 'EOrder:Insufficient funds',
    })
  })

  it("Kraken's session Reject names no request: a refused request with the venue's words", () => {
    expect(gateway().g.translate(decode(corpusMessage('fix.3.reject-session').text))).toEqual({
      kind: 'refused',
      protocol: 'fix',
      action: 'request',
      requestId: '',
      text: 'Missing Mandatory Field: Side (54)',
    })
  })

  it('an ExecutionReport of a last fill: the fill keyed by the pair trade id, with the venue totals, then filled', () => {
    const er =
      '8=FIX.4.4|9=200|35=8|34=20|49=KRAKEN-TRD|52=20230707-14:05:37.805|56=MYCOMPID|11=170000000000100001|41=170000000000000000|37=OFIX-1|17=E1|150=F|39=2|55=XBT/USD|54=1|38=0.01|32=0.004|31=30010.0|14=0.01|6=30005.5|527=40274859|151=0|10=000|'
    expect(gateway().g.translate(decode(er))).toEqual({
      kind: 'report',
      ref: { clOrdId: '170000000000100001', orderId: 'OFIX-1', protocol: 'fix', at: AT },
      origClOrdId: '170000000000000000',
      request: true,
      events: [
        {
          kind: 'fill',
          tradeId: 'BTC/USD:40274859',
          qty: '0.004',
          price: '30010.0',
          cumQty: '0.01',
          avgPrice: '30005.5',
        },
        { kind: 'filled' },
      ],
    })
  })

  it('an OrderCancelReject of a replace: a refused amend naming the order (41) and the venue reason', () => {
    const nine =
      '8=FIX.4.4|9=150|35=9|34=21|49=KRAKEN-TRD|52=20230707-14:05:37.805|56=MYCOMPID|11=170000000000100001|41=170000000000000000|37=OFIX-1|39=0|434=2|102=1|58=Unknown order|10=000|'
    expect(gateway().g.translate(decode(nine))).toEqual({
      kind: 'refused',
      protocol: 'fix',
      action: 'amend',
      requestId: '170000000000100001',
      origClOrdId: '170000000000000000',
      text: 'Unknown order',
    })
  })
})

describe('FixOrderGateway: domain requests -> FIX', () => {
  it("a cancel carries the request id the service minted, the order's id as OrigClOrdID and Kraken's OrderID", async () => {
    const { g, sent } = gateway()
    const inst = conformanceRegistry.withFixSymbols(['XBT/USD']).resolve('BTC/USD')
    await g.cancel(
      { clOrdId: '170000000000000000', venueOrderId: 'OFIX-1', side: 'buy' } as Parameters<
        FixOrderGateway['cancel']
      >[0],
      () => inst,
      '170000000000100001',
    )
    expect(sent).toEqual([
      [
        'F',
        {
          clOrdId: '170000000000100001',
          origClOrdId: '170000000000000000',
          symbol: 'XBT/USD',
          side: 'buy',
          orderId: 'OFIX-1',
        },
      ],
    ])
  })
})

describe('FixOrderGateway: an amended stop', () => {
  it('reads the new trigger from StopPx (99) of the Replaced ExecutionReport', () => {
    const er =
      '8=FIX.4.4|9=200|35=8|34=21|49=KRAKEN-TRD|52=20261201-07:00:00.000|56=MYCOMPID|11=170000000000200001|41=170000000000000001|37=OFIX-2|17=E2|150=5|39=0|55=XBT/USD|54=2|40=3|38=0.01|99=64990.0|14=0|151=0.01|10=000|'
    const r = gateway().g.translate(decode(er))
    expect(r).toMatchObject({
      kind: 'report',
      events: [{ kind: 'amended', qty: '0.01', triggerPrice: '64990.0' }],
    })
  })

  it("an amend carries the order's time in force and OrderID from the tracker: Kraken requires 59 and 37, whatever the FIX client still remembers", async () => {
    const { g, sent } = gateway()
    // a GTC limit buy of 0.01 at 30000.0 the venue knows as OFIX-1
    const order = trackedOrder({
      clOrdId: '170000000000000000',
      venueOrderId: 'OFIX-1',
      qty: '0.01',
      limitPrice: '30000.0',
      tif: 'GTC',
      protocol: 'fix',
    })
    const inst = conformanceRegistry.withFixSymbols(['XBT/USD']).resolve('BTC/USD')
    await g.amend(order, inst, { limitPrice: '30001.0' }, '170000000000000007')
    expect(sent).toEqual([
      [
        'G',
        {
          clOrdId: '170000000000000007',
          origClOrdId: '170000000000000000',
          symbol: 'XBT/USD',
          side: 'buy',
          type: 'limit',
          qty: '0.01',
          orderId: 'OFIX-1',
          tif: 'GTC',
          limitPrice: '30001.0',
        },
      ],
    ])
  })
})

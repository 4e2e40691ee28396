import { describe, expect, it } from 'vitest'
import { RestOrderGateway, type RestReport } from '../../../../src-main/kraken/rest/RestOrderGateway'
import { corpusMessage } from '../../../conformance/corpus'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

type Json = Record<string, unknown>
const AT = 1_700_000_000_000
/** a recorded reply's result, as the REST client returns it (Kraken's REST decimals are strings) */
const result = (id: string) => (JSON.parse(corpusMessage(id).text) as { result: Json }).result

function gateway(answers: Record<string, Json>) {
  const calls: unknown[][] = []
  const reports: RestReport[] = []
  const g = new RestOrderGateway({
    rest: {
      private: <T>(method: string, params?: Json, how?: Json) => {
        calls.push([method, params, how])
        return Promise.resolve(answers[method] as T)
      },
      addOrder: (params: Json) => {
        calls.push(['AddOrder', params])
        return Promise.resolve({ txid: (answers.AddOrder!.txid as string[])[0]!, recovered: false })
      },
      findByClOrdId: () => Promise.resolve(null),
    } as unknown as ConstructorParameters<typeof RestOrderGateway>[0]['rest'],
    registry: () => conformanceRegistry,
    emit: (r) => reports.push(r),
    now: () => AT,
  })
  return { g, calls, reports }
}

describe('RestOrderGateway: recorded Kraken REST replies -> domain', () => {
  it('TradesHistory: each fill keyed by the pair trade id, fee in the quote currency, asked for in the queue', async () => {
    const { g, calls } = gateway({ TradesHistory: result('rest.TradesHistory.kraken-net-fixture-1') })
    expect(await g.tradesPage(0)).toEqual({
      size: 2,
      fills: [
        {
          txid: 'THVRQM-33VKH-UCI7BS',
          orderId: 'OQCLML-BW3P3-BUCMWZ',
          fill: {
            kind: 'fill',
            tradeId: 'BTC/USD:40274859',
            qty: '0.02000000',
            price: '30010.00000',
            fee: '0.00000',
            feeAsset: 'USD',
          },
        },
        {
          txid: 'TCWJEG-FL4SZ-3FKGH6',
          orderId: 'OQCLML-BW3P3-BUCMWZ',
          fill: {
            kind: 'fill',
            tradeId: 'BTC/USD:39482674',
            qty: '0.01000000',
            price: '30010.00000',
            fee: '0.00000',
            feeAsset: 'USD',
          },
        },
      ],
    })
    expect(calls).toEqual([['TradesHistory', { ofs: 0 }, { queue: true }]])
  })

  it('OpenOrders: a part-filled limit buy read as Kraken wrote it, with the trades inside its vol_exec', async () => {
    const { g } = gateway({ OpenOrders: result('rest.OpenOrders.kraken-net-fixture-1') })
    const [first] = await g.openOrders()
    expect(first).toEqual({
      txid: 'OQCLML-BW3P3-BUCMWZ',
      view: {
        pair: 'XBTUSD',
        symbol: 'XBTUSD',
        side: 'buy',
        type: 'limit',
        qty: '1.25000000',
        filledQty: '0.37500000',
        limitPrice: '30010.0',
        tif: 'GTC',
        postOnly: false,
        avgPrice: '30010.0',
        cumCost: '11253.7',
        state: 'partially-filled',
      },
      trades: ['TCCCTY-WE2O6-P3NB37'],
    })
  })

  it('QueryOrders: a closed order ended filled', async () => {
    const { g, calls } = gateway({ QueryOrders: result('rest.QueryOrders.kraken-net-fixture-1') })
    const ended = await g.endedOrders(['OBCMZD-JIEE7-77TH3F'], true)
    expect(ended[0]).toEqual({ txid: 'OBCMZD-JIEE7-77TH3F', event: { kind: 'filled' } })
    expect(calls).toEqual([['QueryOrders', { txid: 'OBCMZD-JIEE7-77TH3F', trades: true }, { queue: true }]])
  })
})

describe('RestOrderGateway: domain requests -> REST', () => {
  it("a limit buy is an AddOrder body as Kraken documents it; the recorded reply's txid is the venue id", async () => {
    const { g, calls } = gateway({ AddOrder: result('rest.AddOrder.kraken-net-fixture-1') })
    const r = await g.place({
      req: {
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '2.1234',
        limitPrice: '25000.1',
        tif: 'GTC',
      },
      inst: conformanceRegistry.resolve('BTC/USD'),
      clOrdId: '170000000000000000',
    })
    expect(r).toEqual({ orderId: 'OUF4EM-FRGI2-MQMWZD' })
    expect(calls).toEqual([
      [
        'AddOrder',
        {
          // the pair as AssetPairs keys it (Kraken takes the key or the altname)
          pair: 'XXBTZUSD',
          type: 'buy',
          ordertype: 'limit',
          volume: '2.1234',
          price: '25000.1',
          cl_ord_id: '170000000000000000',
        },
      ],
    ])
  })

  it('a cancel Kraken answered is reported cancelled at the trader’s request (REST has no report stream)', async () => {
    const { g, calls, reports } = gateway({ CancelOrder: result('rest.CancelOrder.kraken-net-fixture-1') })
    await g.cancel({ clOrdId: '170000000000000000', venueOrderId: 'OUF4EM-FRGI2-MQMWZD' } as Parameters<
      RestOrderGateway['cancel']
    >[0])
    expect(calls).toEqual([['CancelOrder', { txid: 'OUF4EM-FRGI2-MQMWZD' }, undefined]])
    expect(reports).toEqual([
      {
        kind: 'report',
        ref: { clOrdId: '170000000000000000', protocol: 'rest', at: AT },
        events: [{ kind: 'cancelled', reason: 'User requested' }],
      },
    ])
  })
})

describe('RestOrderGateway: the dead-man switch', () => {
  it('armed: the recorded reply\'s triggerTime; disarmed ("0"): no trigger time', async () => {
    const armed = gateway({ CancelAllOrdersAfter: result('rest.CancelAllOrdersAfter.kraken-net-fixture-1') })
    expect(await armed.g.cancelAllAfter(60)).toBe(Date.UTC(2023, 2, 24, 17, 42, 56))
    expect(armed.calls).toEqual([['CancelAllOrdersAfter', { timeout: '60' }, undefined]])
    const off = gateway({ CancelAllOrdersAfter: { currentTime: '2023-03-24T17:41:56Z', triggerTime: '0' } })
    expect(await off.g.cancelAllAfter(0)).toBe(0)
  })
})

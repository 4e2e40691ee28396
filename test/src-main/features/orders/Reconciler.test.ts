import { describe, expect, it } from 'vitest'
import { OrderRouter } from '../../../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../../../src-main/core/risk/RateGovernor'
import { OrderService } from '../../../../src-main/features/orders/OrderService'
import { NOT_SENT, Reconciler } from '../../../../src-main/features/orders/Reconciler'
import { RestOrderGateway } from '../../../../src-main/kraken/rest/RestOrderGateway'
import { corpusMessage } from '../../../conformance/corpus'
import { conformanceRegistry } from '../../../conformance/fakeKrakenRest'

type Json = Record<string, unknown>
const result = (id: string) => (JSON.parse(corpusMessage(id).text) as { result: Json }).result

/** The reconcile after a restart against Kraken's recorded REST replies (kraken-net fixtures). */
function setup(addOrderError = 'not in this test', finishedKept?: number, knownTrades?: () => string[]) {
  const calls: string[] = []
  /** the order ids asked of QueryOrders */
  const queried: string[] = []
  const notices: string[] = []
  const answers: Record<string, Json> = {
    OpenOrders: result('rest.OpenOrders.kraken-net-fixture-1'),
    TradesHistory: result('rest.TradesHistory.kraken-net-fixture-1'),
    QueryOrders: {},
  }
  const tracker = new OrderTracker(finishedKept)
  const registry = () => conformanceRegistry
  const rest = new RestOrderGateway({
    rest: {
      private: <T>(method: string, params?: Json) => {
        calls.push(method)
        if (params?.txid !== undefined) queried.push(String(params.txid))
        return Promise.resolve(answers[method] as T)
      },
      addOrder: () => Promise.reject(new Error(addOrderError)),
      findByClOrdId: (id: string) => {
        calls.push(`findByClOrdId ${id}`)
        return Promise.resolve(null)
      },
    } as unknown as ConstructorParameters<typeof RestOrderGateway>[0]['rest'],
    registry,
    emit: (r) => orders.onReport(r),
    now: () => 5,
  })
  const orders = new OrderService({
    registry,
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', () => 5),
    gateways: { rest },
    now: () => 5,
  })
  const reconciler = new Reconciler({
    queries: rest,
    orders,
    tracker,
    registry,
    onNotice: (t) => notices.push(t),
    ...(knownTrades ? { knownTrades } : {}),
  })
  return { reconciler, tracker, calls, queried, notices, orders, answers }
}

/** a 0.01 BTC/USD limit buy at 30000.0 over REST (the tests' own order) */
const restBuy = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: '0.01',
  limitPrice: '30000.0',
  tif: 'GTC',
  protocol: 'rest',
} as const

describe('Reconciler: after a restart, through the REST gateway and the order service', () => {
  it('adopts the open orders it did not know, counts the fills it missed once, and resolves the never-sent', async () => {
    const { reconciler, tracker, calls, notices } = setup()
    // journaled, then Trident stopped before sending it: the venue never heard of it
    tracker.submit(
      { ...restBuy, clOrdId: '170000000000000000', protocol: 'ws', qtyPrecision: 8, pricePrecision: 1 },
      1,
    )
    const r = await reconciler.reconcile({ restored: new Set(['170000000000000000']) })
    expect(r).toEqual({ adopted: 2, fills: 2, notSent: ['170000000000000000'] })
    expect(notices).toEqual([])
    expect(tracker.get('170000000000000000')).toMatchObject({ state: 'rejected', reason: NOT_SENT })
    const adopted = tracker.get('venue:OQCLML-BW3P3-BUCMWZ')!
    // adopted part-filled at 0.375 (vol_exec); the two history fills are not among its listed
    // trades, so they add to it: 0.375 + 0.02 + 0.01
    expect(adopted).toMatchObject({
      symbol: 'BTC/USD',
      side: 'buy',
      qty: '1.25000000',
      limitPrice: '30010.0',
      protocol: 'rest',
      state: 'partially-filled',
      filledQty: '0.40500000',
    })
    expect(adopted.fills.map((f) => f.tradeId)).toEqual(['BTC/USD:40274859', 'BTC/USD:39482674'])
    expect(tracker.get('venue:OB5VMB-B4U2U-DK2WRW')).toMatchObject({ qty: '0.27500000', state: 'open' })
    // one page of history (2 < 50 entries) ends the paging; the closed-order check comes last
    expect(calls).toEqual(['OpenOrders', 'findByClOrdId 170000000000000000', 'TradesHistory', 'QueryOrders'])
  })

  it("an adopted order's listed trades are kept while the tracker keeps it, and go with it (issue 20)", async () => {
    const { reconciler, tracker, orders } = setup(undefined, 0)
    await reconciler.reconcile()
    expect(reconciler.adoptedKept).toBe(1) // the part-filled open order lists its trades
    // one ends: the tracker (keeping no finished order here) forgets it, and its trade list goes
    orders.apply({ orderId: 'OQCLML-BW3P3-BUCMWZ', protocol: 'rest', at: 6 }, { kind: 'cancelled' })
    // (not by the very event that ended it: that change is still to be told; the next one)
    expect(tracker.get('venue:OQCLML-BW3P3-BUCMWZ')?.state).toBe('cancelled')
    // another order's event (this one is refused by the venue: any will do)
    await orders.place(restBuy).catch(() => undefined)
    expect(tracker.get('venue:OQCLML-BW3P3-BUCMWZ')).toBeUndefined()
    expect(reconciler.adoptedKept).toBe(0)
  })

  it("the trade history is read back only to a trade the journal knows, the tracker's or a folded order's", async () => {
    // a full page (50) of Kraken's trades, the newest of them BTC/USD trade 40274859 of an order
    // the tracker no longer has (folded into the position base); a full page means "maybe more"
    const page = (known: boolean) => {
      const [txid, t] = Object.entries(result('rest.TradesHistory.kraken-net-fixture-1').trades as Json)[0]!
      const trades: Json = { [txid]: t }
      for (let i = 1; i < 50; i++)
        trades[`TX-${i}`] = { ...(t as Json), trade_id: known ? 1000 + i : 2000 + i }
      return { trades }
    }
    const folded = setup(undefined, undefined, () => ['BTC/USD:40274859'])
    folded.answers.TradesHistory = page(true)
    await folded.reconciler.reconcile()
    expect(folded.calls.filter((c) => c === 'TradesHistory')).toHaveLength(1)
    // without the journal's trade ids, every page looks new: it reads on to its bound (1,000 trades)
    const blind = setup()
    blind.answers.TradesHistory = page(false)
    await blind.reconciler.reconcile()
    expect(blind.calls.filter((c) => c === 'TradesHistory')).toHaveLength(20)
  })

  it('a second reconcile finds nothing new: every fill already counted, nothing adopted twice', async () => {
    const { reconciler } = setup()
    await reconciler.reconcile()
    expect(await reconciler.reconcile()).toEqual({ adopted: 0, fills: 0, notSent: [] })
  })

  it('derivatives orders are never asked of spot REST (Kraken answers an unknown id with EOrder:Invalid order)', async () => {
    const { reconciler, tracker, calls, queried } = setup()
    const contract = {
      symbol: 'PF_XBTUSD',
      side: 'buy' as const,
      type: 'limit',
      qty: '0.1',
      limitPrice: '60000',
      tif: 'GTC',
      protocol: 'ws' as const,
      qtyPrecision: 4,
      pricePrecision: 0,
    }
    // one acknowledged by Kraken, one journaled and never acknowledged
    tracker.submit({ ...contract, clOrdId: '01a231d3-1830-7000-8ba2-7087386de044' }, 1)
    tracker.apply(
      { clOrdId: '01a231d3-1830-7000-8ba2-7087386de044', protocol: 'ws', at: 2 },
      { kind: 'accepted', orderId: '78915157-6b4e-4e5c-9e2a-1d2f3a4b5c6d' },
    )
    tracker.submit({ ...contract, clOrdId: '01a231d3-1830-7001-8ba2-7087386de044' }, 1)
    await reconciler.reconcile({ restored: new Set(['01a231d3-1830-7001-8ba2-7087386de044']) })
    // nothing asked by client order id; QueryOrders only for the spot orders adopted above
    expect(calls).toEqual(['OpenOrders', 'TradesHistory', 'QueryOrders'])
    expect(queried.join(',')).not.toContain('78915157')
    expect(queried).toEqual(['OQCLML-BW3P3-BUCMWZ,OB5VMB-B4U2U-DK2WRW'])
    expect(tracker.get('01a231d3-1830-7000-8ba2-7087386de044')?.state).toBe('open')
    expect(tracker.get('01a231d3-1830-7001-8ba2-7087386de044')?.state).toBe('pending-new')
  })

  it('an order whose send got no answer before the link dropped, and which Kraken does not know after it, was not received', async () => {
    const { reconciler, tracker, orders } = setup(
      'AddOrder: outcome unknown (the connection closed before Kraken answered)',
    )
    const o = await orders.place(restBuy)
    expect(o.state).toBe('pending-new')
    // a live reconnect: nothing was restored from the journal
    const r = await reconciler.reconcile()
    expect(tracker.get(o.clOrdId)).toMatchObject({ state: 'rejected', reason: NOT_SENT })
    expect(r.notSent).toEqual([o.clOrdId])
  })
})

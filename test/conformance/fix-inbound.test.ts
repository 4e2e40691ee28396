import { describe, expect, it } from 'vitest'
import { OrderRouter } from '../../src-main/core/orders/OrderRouter'
import { OrderTracker } from '../../src-main/core/orders/OrderTracker'
import { RateGovernor } from '../../src-main/core/risk/RateGovernor'
import { decodeFix } from '../../src-main/kraken/fix/fixFields'
import { VenueExecution } from '../../src-main/features/orders/VenueExecution'
import { KrakenRestClient } from '../../src-main/kraken/rest/KrakenRestClient'
import { NonceSource } from '../../src-main/kraken/rest/NonceSource'
import { corpusMessage, loadCorpus } from './corpus'
import { conformanceRegistry } from './fakeKrakenRest'

/**
 * Kraken's own FIX example messages (corpus/fix/h3-*, from docs.kraken.com/api/docs/fix-api/*)
 * read by Trident's client-side FIX parsing: the decoder the jspurefix session hands application
 * messages to (kraken/fix/fixFields), and the execution client that turns them into order events
 * and notices. Expected values are written out from the documents.
 *
 * Not covered, because the stored copies of Kraken's pages carry no example of them:
 * ExecutionReport (8), OrderCancelReject (9), OrderMassCancelReport (r), SecurityList (y),
 * ResendRequest (2).
 */
const decode = (id: string) => decodeFix(corpusMessage(id).text, '|', false)

function execClient(notices: string[]) {
  const tracker = new OrderTracker()
  const exec = new VenueExecution({
    registry: conformanceRegistry,
    rest: new KrakenRestClient({
      baseUrl: 'http://127.0.0.1:9',
      credentials: { apiKey: 'k', apiSecret: 'c2VjcmV0' },
      nonces: new NonceSource(null),
    }),
    ws: null,
    fix: null,
    tracker,
    router: new OrderRouter(),
    governor: new RateGovernor('intermediate', Date.now),
    onNotice: (t) => notices.push(t),
  })
  return { exec, tracker }
}

describe('FIX corpus', () => {
  it('has the Kraken doc examples with provenance and licence', () => {
    const fix = loadCorpus().files.filter((f) => f.file.startsWith('fix/h3-'))
    expect(fix.length).toBeGreaterThanOrEqual(12)
    for (const f of fix) {
      expect(f.url).toMatch(/^https:\/\/docs\.kraken\.com\/api\/docs\/fix-api\//)
      expect(f.version).toMatch(/^2026-11-30/)
      expect(f.licence).toMatch(/Kraken/)
      for (const m of f.messages) expect(m.text).toMatch(/^8=FIX\.4\.4\|9=\d+\|35=/)
    }
  })
})

describe("Kraken's inbound FIX examples through Trident's client parsing", () => {
  it('BusinessMessageReject (j): the refused NewOrderSingle is rejected with Kraken\u2019s words, time prefix removed', () => {
    const j = decode('fix.j.reject-business')
    expect([j.type, j.get(45), j.get(372), j.get(379), j.get(380), j.get(58)]).toEqual([
      'j',
      '0',
      'D',
      '1688738737',
      '0',
      '1688738737 : EOrder:Insufficient funds',
    ])
    const notices: string[] = []
    const { exec, tracker } = execClient(notices)
    tracker.submit(
      {
        clOrdId: '1688738737',
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.01',
        limitPrice: '1000',
        tif: 'GTC',
        protocol: 'fix',
        qtyPrecision: 8,
        pricePrecision: 1,
      },
      Date.now(),
    )
    exec.handleFixMessage(j)
    expect(tracker.get('1688738737')).toMatchObject({ state: 'rejected' })
    expect(JSON.stringify(tracker.get('1688738737'))).toContain('EOrder:Insufficient funds')
    expect(JSON.stringify(tracker.get('1688738737'))).not.toContain('1688738737 :')
  })

  it('session Reject (3): Kraken sends 45 and 58 only; the user is told the text', () => {
    const r = decode('fix.3.reject-session')
    expect([r.type, r.get(45), r.get(58), r.get(371), r.get(372), r.get(373)]).toEqual([
      '3',
      '12',
      'Missing Mandatory Field: Side (54)',
      undefined,
      undefined,
      undefined,
    ])
    const notices: string[] = []
    execClient(notices).exec.handleFixMessage(r)
    expect(notices).toEqual(['FIX refused a request: Missing Mandatory Field: Side (54)'])
  })

  it('MarketDataSnapshotFullRefresh (W): request id, symbol and each level as exact decimal text', () => {
    const w = decode('fix.W.mdsfr-spot-l2')
    expect([w.get(262), w.get(55), w.get(268)]).toEqual(['3', 'BTC/USD', '2'])
    expect(w.all(269)).toEqual(['1', '0'])
    expect(w.all(278)).toEqual(['O30300.0', 'B30299.9'])
    expect(w.all(270)).toEqual(['30300.0', '30299.9'])
    expect(w.all(271)).toEqual(['8.44867022', '0.67373926'])
    expect(w.all(273)).toEqual(['13:49:07.307', '13:49:10.179'])
    expect(w.get(5041)).toBeUndefined()
  })

  it('MarketDataIncrementalRefresh (X): actions in order, a delete with size 0.0, checksum where given', () => {
    const spot = decode('fix.X.mdir-spot-l2')
    expect([spot.get(262), spot.get(55), spot.get(268)]).toEqual(['1', 'BTC/USD', '2'])
    expect(spot.all(279)).toEqual(['2', '0'])
    expect(spot.all(269)).toEqual(['1', '1'])
    expect(spot.all(270)).toEqual(['30300.7', '31941.0'])
    expect(spot.all(271)).toEqual(['0.0', '0.0031746'])
    expect(spot.get(5041)).toBeUndefined()
    const fut = decode('fix.X.mdir-futures-l2')
    expect([fut.get(55), fut.all(279), fut.all(270), fut.all(271), fut.get(5041)]).toEqual([
      'PF_ETHUSD',
      ['0'],
      ['2372.7'],
      ['0.084'],
      '3254665545',
    ])
    const l3 = decode('fix.X.mdir-futures-l3')
    expect([l3.get(278), l3.get(270), l3.get(271), l3.get(5041)]).toEqual([
      '00bf007e-0039-00dd-0071-00ae00d700c8',
      '2044.8',
      '2.874',
      '3889519115',
    ])
  })

  it('MarketDataRequestReject (Y) and TradingSessionStatus (h)', () => {
    const y = decode('fix.Y.mdrr')
    expect([y.get(262), y.get(281), y.get(58)]).toEqual([
      '1',
      '0',
      'MarketData subscription failed due to unsupported symbol: TEST/TEST',
    ])
    const h = decode('fix.h.tss')
    expect([h.get(335), h.get(336), h.get(340)]).toEqual(['TSS0', 'SESSION', '2'])
  })
})

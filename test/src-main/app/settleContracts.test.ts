import { describe, expect, it } from 'vitest'
import { settleContracts, settleUnanswered } from '../../../src-main/app/settleContracts'
import type { EventRef, TrackedOrder, VenueEvent } from '../../../src-main/core/orders/OrderTracker'

const NOW = 1_700_000_100_000
const order = (o: Partial<TrackedOrder> & { clOrdId: string; symbol: string }): TrackedOrder =>
  ({ protocol: 'ws', state: 'open', lastChangedAt: NOW - 60_000, ...o }) as TrackedOrder

describe('settleContracts: the Unified WS snapshot settles derivatives orders that ended while away', () => {
  it('acknowledged and missing: cancelled; never acknowledged and missing: not sent; listed, recent or spot: untouched', () => {
    const applied: string[] = []
    const working = [
      order({ clOrdId: 'c-acked', symbol: 'PF_XBTUSD', venueOrderId: 'o-acked' }),
      order({ clOrdId: 'c-pending', symbol: 'PF_XBTUSD', state: 'pending-new', protocol: 'fix' }),
      order({ clOrdId: 'c-open', symbol: 'PF_ETHUSD', venueOrderId: 'o-open' }),
      order({ clOrdId: 'c-open-by-cl', symbol: 'PF_ETHUSD' }),
      order({ clOrdId: 'c-new', symbol: 'PF_XBTUSD', lastChangedAt: NOW - 1_000 }),
      order({ clOrdId: 'spot-1', symbol: 'BTC/USD', venueOrderId: 'OABC-1' }),
    ]
    settleContracts(
      { apply: (ref, e) => (applied.push(`${ref.clOrdId} ${ref.protocol} ${JSON.stringify(e)}`), true) },
      { working: () => working },
      new Set(['o-open', 'c-open-by-cl']),
      NOW,
    )
    expect(applied).toEqual([
      'c-acked ws {"kind":"cancelled","reason":"Not open at Kraken after the reconnect: it ended while the link was down"}',
      'c-pending fix {"kind":"rejected","reason":"Not sent: the exchange never received this order (Trident stopped, or the link dropped, before it arrived)"}',
    ])
  })

  it('an add_order lost with the link (Unified WS, no answer): left by the snapshot, then not sent once nothing was heard', () => {
    const applied: string[] = []
    const apply = (ref: EventRef, e: VenueEvent) => (
      applied.push(`${ref.clOrdId} ${ref.protocol} ${JSON.stringify(e)}`),
      true
    )
    const lost = order({
      clOrdId: 'c-lost',
      symbol: 'PF_XBTUSD',
      state: 'pending-new',
      lastChangedAt: NOW - 300,
    })
    const acked = order({
      clOrdId: 'c-acked-late',
      symbol: 'PF_XBTUSD',
      state: 'pending-new',
      lastChangedAt: NOW - 200,
    })
    const viaFix = order({
      clOrdId: 'c-fix',
      symbol: 'PF_XBTUSD',
      state: 'pending-new',
      protocol: 'fix',
      lastChangedAt: NOW - 100,
    })
    const left = settleContracts({ apply }, { working: () => [lost, acked, viaFix] }, new Set(), NOW)
    // nothing judged yet: all three are in flight; the FIX one is FIX's to settle (its own reports)
    expect(applied).toEqual([])
    expect(left).toEqual([
      { clOrdId: 'c-lost', lastChangedAt: NOW - 300 },
      { clOrdId: 'c-acked-late', lastChangedAt: NOW - 200 },
    ])
    // 5 s on: Kraken's late acknowledgement of one came on the new subscription; the other, nothing
    const now = {
      'c-lost': lost,
      'c-acked-late': { ...acked, state: 'open', venueOrderId: 'o-9', lastChangedAt: NOW + 40 },
    }
    settleUnanswered(
      { apply },
      { get: (id: string) => now[id as keyof typeof now] as TrackedOrder },
      left,
      NOW + 5_000,
    )
    expect(applied).toEqual([
      'c-lost ws {"kind":"rejected","reason":"Not sent: the exchange never received this order (Trident stopped, or the link dropped, before it arrived)"}',
    ])
  })
})

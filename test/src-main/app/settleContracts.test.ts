import { describe, expect, it } from 'vitest'
import { settleContracts } from '../../../src-main/app/settleContracts'
import type { TrackedOrder } from '../../../src-main/core/orders/OrderTracker'

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
})

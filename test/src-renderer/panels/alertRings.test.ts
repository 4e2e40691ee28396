import { describe, expect, it } from 'vitest'
import type { PriceAlert } from '../../../src-preload/contract/types'
import { firedKey } from '../../../src-renderer/panels/Alerts'
import { arrivals } from '../../../src-renderer/panels/arrivals'

const fired = (id: number, triggeredAt: number): PriceAlert => ({
  id,
  symbol: 'BTC/USD',
  op: 'above',
  price: '65000',
  triggeredAt,
  triggerMid: '65000.5',
})

describe('the Alerts panel rings once per firing', () => {
  it('a re-armed alert that fires again rings again', () => {
    let seen = arrivals(null, [] as PriceAlert[], firedKey).seen
    const first = arrivals(seen, [fired(1, 1_000)], firedKey)
    expect(first.fresh.map((a) => a.triggeredAt)).toEqual([1_000])
    seen = first.seen
    // re-armed: it waits (not in the fired list), then fires again at a later time
    expect(arrivals(seen, [], firedKey).fresh).toEqual([])
    expect(arrivals(seen, [fired(1, 9_000)], firedKey).fresh.map((a) => a.triggeredAt)).toEqual([9_000])
  })

  it("main's restart renumbers the alerts it restores: none of them rings, a new firing under an old id does", () => {
    const seen = arrivals(null, [fired(4, 1_000), fired(5, 2_000)], firedKey).seen
    // after the restart the same two come back as ids 1 and 2
    expect(arrivals(seen, [fired(1, 1_000), fired(2, 2_000)], firedKey).fresh).toEqual([])
    // a new alert given id 4 fires: it rings
    const next = { ...fired(4, 3_000), price: '66000' }
    expect(arrivals(seen, [fired(1, 1_000), fired(2, 2_000), next], firedKey).fresh).toEqual([next])
  })
})

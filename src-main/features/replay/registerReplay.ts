import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { OrderTracker } from '../../core/orders/OrderTracker'
import { midOf, touchOf } from '../marketData/touch'
import { ReplayService, type ReplayHandle } from './ReplayService'

export interface ReplayFeatureDeps {
  /** the venue session: its replay (practice mode), null on other profiles */
  session: () => { replay: ReplayHandle | null } | null
  tracker: OrderTracker
  /** the market data feed: the replayed books are the session result's mark */
  feed: () => { bookState(symbol: string): Parameters<typeof midOf>[0] } | null
  /** main's own book subscriptions: the recorded books are held for the mark, shown or not */
  books: { acquire(symbol: string): { release(): void } }
}

/** Practice mode: the replay clock's controls and its status with the session result. */
export function registerReplay(hub: StreamHub, d: ReplayFeatureDeps): ReplayService {
  const replay = new ReplayService({
    replay: () => d.session()?.replay ?? null,
    tracker: d.tracker,
    mark: (s, at) => {
      const book = d.feed()?.bookState(s)
      return at === 'mid' ? midOf(book) : touchOf(book)[at]
    },
    hold: (s) => d.books.acquire(s).release,
    // the exchange reports every change of its replay clock (and at most every 250 ms while it runs)
    publish: () => hub.publish('replay', 'all'),
  })
  hub.command('replay.control', (c) => replay.control(c))
  hub.topic(
    'replay',
    sharedTopic(() => replay.view()),
  )
  return replay
}

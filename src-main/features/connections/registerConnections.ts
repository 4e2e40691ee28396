import type { RateLimitsView } from '../../../src-preload/contract/types'
import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { LinkBoard } from './LinkBoard'

/** Link health and Kraken's rate counters: both published on link changes and once a second. */
export function registerConnections(
  hub: StreamHub,
  f: { links: LinkBoard; rateLimits: () => RateLimitsView },
): void {
  hub.topic(
    'connections',
    sharedTopic(() => f.links.view()),
  )
  hub.topic(
    'rateLimits',
    sharedTopic(() => f.rateLimits()),
  )
}

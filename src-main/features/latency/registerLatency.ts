import type { LatencyView } from '../../../src-preload/contract/types'
import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'

const NONE: LatencyView = { sent: [] }

/**
 * The latency topic: when the latest orders reached the venue socket (no session yet: none).
 * Published with the orders topic (a send changes the orders view), at frame pace.
 */
export function registerLatency(hub: StreamHub, view: () => LatencyView | undefined): void {
  hub.topic(
    'latency',
    sharedTopic(() => view() ?? NONE),
  )
}

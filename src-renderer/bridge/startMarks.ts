import type { ClientFrame, ServerFrame } from '../../src-preload/contract/wire'

/**
 * Performance-timeline marks of a window's start (`npm run bench` cold start reads them with
 * `performance.getEntriesByType('mark')`): the bridge open, the first book subscription sent and
 * its first message received. Each is set once; after the last one the per-frame check is gone,
 * so a trading day pays nothing for it.
 */
export const START_MARKS = {
  script: 'trident:script',
  bridgeOpen: 'trident:bridge-open',
  bookSent: 'trident:book-sub-sent',
  bookReceived: 'trident:book-received',
} as const

export function mark(name: string): void {
  // a browser without the User Timing API still runs Trident
  performance.mark?.(name)
}

export interface StartWatch {
  sent: (frame: ClientFrame) => void
  /** null once the first book message arrived */
  received: ((frame: ServerFrame) => void) | null
}

/** Watches the frames a window's bridge sends and receives until the first book message. */
export function startWatch(): StartWatch {
  let bookId: number | null = null
  const watch: StartWatch = {
    sent: (frame: ClientFrame): void => {
      if (bookId !== null || frame.k !== 'sub' || frame.topic !== 'book') return
      bookId = frame.id
      mark(START_MARKS.bookSent)
    },
    received: (frame: ServerFrame): void => {
      if (bookId === null || frame.k !== 'topic' || frame.id !== bookId) return
      mark(START_MARKS.bookReceived)
      watch.received = null
      watch.sent = () => {}
    },
  }
  return watch
}

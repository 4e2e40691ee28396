import { afterAll, describe, expect, it } from 'vitest'
import { TridentCore } from '../../../src-main/app/TridentCore'
import type { BookView, ConnectionsView } from '../../../src-preload/contract/types'
import { linksOnline, openWindow } from './wires/wireClient'

/**
 * Cold start (issue 20): loading FIX blocks main for most of a second, so a host with windows
 * starts it only once a window has been sent its first book. The wait is 60 s here, so only the
 * book reaching the window can start FIX within the test's time: the test fails if that wire is cut.
 */
let core: TridentCore | null = null
afterAll(() => core?.stop())

describe('FIX waits for the first book a window is sent', () => {
  it('stays "connecting" with the reason while the other links are up, then logs on once a book goes out', async () => {
    core = new TridentCore({
      host: 'loopback',
      version: 'test',
      sim: { seed: 41, messagesPerSecond: 0 },
      fixAfterFirstBookMs: 60_000,
    })
    await core.start()
    const w = openWindow(core)
    const up = await linksOnline(w, [
      { protocol: 'rest', channel: 'api' },
      { protocol: 'ws', channel: 'public' },
      { protocol: 'ws', channel: 'private' },
    ])
    expect(up.links.find((l) => l.protocol === 'fix')).toMatchObject({
      channel: 'trading',
      state: 'connecting',
      detail: 'Starts once a window shows its first book',
    })
    const book = w.sub('book', { symbol: 'BTC/USD', depth: 10 })
    await w.next<BookView>(book, 0, (b) => b.bids.length > 0, 'a BTC/USD book')
    const online: ConnectionsView = await linksOnline(w)
    expect(online.links.find((l) => l.protocol === 'fix')?.state).toBe('online')
  }, 40_000)
})

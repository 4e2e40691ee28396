import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TridentCore } from '../../../../src-main/app/TridentCore'
import type { AlertsView, NoticesView } from '../../../../src-preload/contract/types'
import {
  btcPrice,
  linksOnline,
  missingFrom,
  openWindow,
  placeElsewhere,
  startCore,
  type Covers,
  type Exercised,
  type Window,
} from './wireClient'

/**
 * Alerts and notices, through the contract only. The window here never subscribes to a book: an
 * alert must fire because main follows the book itself (the wire that was once dropped unnoticed,
 * when book views became lazy).
 */
export const covers: Covers = {
  commands: ['alerts.add', 'alerts.remove', 'alerts.rearm', 'alerts.clearFired', 'notices.dismiss'],
  topics: ['alerts', 'notices'],
}

const SYMBOL = 'BTC/USD'
const exercised: Exercised = { commands: new Set(), topics: new Set() }
let core: TridentCore
let w: Window
let alerts: number
let notices: number

beforeAll(async () => {
  core = await startCore(16)
  w = openWindow(core, exercised)
  await linksOnline(w)
  alerts = w.sub('alerts', {})
  notices = w.sub('notices', {})
}, 30_000)
afterAll(() => core.stop())

const book = () => core.sim!.engine.book(SYMBOL)

/** The mid of the exchange's own book, at one decimal more than its tenths (what main shows). */
function exchangeMid(): string {
  const hundredths = (book().bestBid()! + book().bestAsk()!) * 5
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`
}

describe('alerts wires', () => {
  it('alerts: a first message with no alerts', async () => {
    const first = await w.next<AlertsView>(alerts, 0, () => true, 'the first alerts message')
    expect(first).toEqual({ alerts: [] })
  })

  it('alerts.add answers with the alert, and the alerts topic shows it', async () => {
    const seen = w.messages(alerts).length
    const at = btcPrice(book().bestAsk()! + 10) // a whole unit above the offer: nowhere near the mid
    const answer = await w.ok<AlertsView>('alerts.add', { symbol: SYMBOL, op: 'above', price: at })
    expect(answer.alerts).toEqual([{ id: 1, symbol: SYMBOL, op: 'above', price: at, triggeredAt: null }])
    const shown = await w.next<AlertsView>(
      alerts,
      seen,
      (v) => v.alerts.some((a) => a.price === at),
      'the alerts topic shows the new alert',
    )
    expect(shown.alerts).toEqual([{ id: 1, symbol: SYMBOL, op: 'above', price: at, triggeredAt: null }])
  })

  it('an alert fires when the book crosses it, with no window showing that book; the notice says so', async () => {
    const alert = w.messages<AlertsView>(alerts).at(-1)!.alerts[0]!
    const seenAlerts = w.messages(alerts).length
    const seenNotices = w.messages(notices).length
    // no book subscription anywhere: this window holds alerts and notices only
    expect(w.subscribed).toEqual(['connections', 'alerts', 'notices'])

    // another account bids 2.0 above the offer: the offers up to there trade, the rest becomes the bid
    const ask = book().bestAsk()!
    placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price: ask + 20, qty: 500_000_000n })
    expect(book().bestBid()).toBe(ask + 20)
    const mid = exchangeMid()

    const fired = await w.next<AlertsView>(
      alerts,
      seenAlerts,
      (v) => v.alerts.some((a) => a.id === alert.id && a.triggeredAt !== null),
      'the alert fired (alerts topic)',
      5_000,
    )
    expect(fired.alerts[0]).toMatchObject({ id: alert.id, price: alert.price, triggerMid: mid })
    const said = await w.next<NoticesView>(
      notices,
      seenNotices,
      (v) => v.notices.some((n) => n.kind === 'alert'),
      'the alert notice',
    )
    expect(said.notices.filter((n) => n.kind === 'alert')).toMatchObject([
      {
        level: 'warn',
        pinned: true,
        text: `Alert: ${SYMBOL} mid ${mid} is at or above ${alert.price}`,
      },
    ])
  })

  /**
   * The sharp one: a first crossing can also be seen by the one check main makes when it starts
   * following a book (if the book moved within that moment). Once that alert fired, main's only
   * way to see the book move again is its book-change wire.
   */
  it('a second alert, added while main already follows the book, fires on the next crossing', async () => {
    const ask = book().bestAsk()!
    const at = btcPrice(ask + 10)
    const added = await w.ok<AlertsView>('alerts.add', { symbol: SYMBOL, op: 'above', price: at })
    const mine = added.alerts.find((a) => a.price === at)!
    // the mid is still below it: checked at once on the live book, not fired
    expect(mine.triggeredAt).toBeNull()
    const seenAlerts = w.messages(alerts).length
    placeElsewhere(core, { symbol: SYMBOL, side: 'buy', price: ask + 20, qty: 500_000_000n })
    const mid = exchangeMid()
    const fired = await w.next<AlertsView>(
      alerts,
      seenAlerts,
      (v) => v.alerts.some((a) => a.id === mine.id && a.triggeredAt !== null),
      'the second alert fired (alerts topic)',
      5_000,
    )
    expect(fired.alerts.find((a) => a.id === mine.id)).toMatchObject({ price: at, triggerMid: mid })
  })

  it('alerts.remove answers without the alert, and the alerts topic drops it', async () => {
    const at = btcPrice(book().bestBid()! - 1000) // 100.0 below the bid: does not fire
    const added = await w.ok<AlertsView>('alerts.add', { symbol: SYMBOL, op: 'below', price: at })
    const mine = added.alerts.find((a) => a.price === at)!
    expect(mine).toEqual({ id: 3, symbol: SYMBOL, op: 'below', price: at, triggeredAt: null })
    await w.next<AlertsView>(alerts, 0, (v) => v.alerts.some((a) => a.id === 3), 'the third alert shown')
    const seen = w.messages(alerts).length

    const answer = await w.ok<AlertsView>('alerts.remove', { id: 3 })
    expect(answer.alerts.map((a) => a.id)).toEqual([1, 2])
    const shown = await w.next<AlertsView>(
      alerts,
      seen,
      (v) => !v.alerts.some((a) => a.id === 3),
      'the alerts topic without the removed alert',
    )
    expect(shown.alerts.map((a) => a.id)).toEqual([1, 2])
  })

  /**
   * Every alert has fired or gone, so main let the book go. Re-armed, alert 1 must make main
   * follow the book again: the market is still above it, so it fires once the book is read.
   */
  it('alerts.rearm: a fired alert waits again; main follows its book again and it fires', async () => {
    const first = w
      .messages<AlertsView>(alerts)
      .at(-1)!
      .alerts.find((a) => a.id === 1)!
    expect(first.triggeredAt).not.toBeNull()
    const seenNotices = w.messages(notices).length
    const answer = await w.ok<AlertsView>('alerts.rearm', { id: 1 })
    expect(answer.alerts.find((a) => a.id === 1)?.price).toBe(first.price)
    const fired = await w.next<AlertsView>(
      alerts,
      0,
      (v) => v.alerts.some((a) => a.id === 1 && a.triggeredAt !== null && a.triggeredAt > first.triggeredAt!),
      'the re-armed alert fired again',
      5_000,
    )
    const again = fired.alerts.find((a) => a.id === 1)!
    const said = await w.next<NoticesView>(
      notices,
      seenNotices,
      (v) => v.notices.some((n) => n.kind === 'alert' && n.text.includes(`mid ${again.triggerMid} `)),
      'the re-armed alert said again',
    )
    expect(said.notices.filter((n) => n.kind === 'alert').at(-1)?.text).toBe(
      `Alert: ${SYMBOL} mid ${again.triggerMid} is at or above ${first.price}`,
    )
    // a second re-arm of the first firing (a double click, another window) does nothing
    const stale = await w.ok<AlertsView>('alerts.rearm', { id: 1, firedAt: first.triggeredAt! })
    expect(stale.alerts.find((a) => a.id === 1)).toEqual(again)
  })

  it('alerts.clearFired removes the fired alerts only', async () => {
    const at = btcPrice(book().bestBid()! - 1000) // 100.0 below the bid: waits
    await w.ok<AlertsView>('alerts.add', { symbol: SYMBOL, op: 'below', price: at })
    const answer = await w.ok<AlertsView>('alerts.clearFired', {})
    expect(answer.alerts).toEqual([{ id: 4, symbol: SYMBOL, op: 'below', price: at, triggeredAt: null }])
  })

  it('notices: a refused alert is said in words on the notices topic', async () => {
    const seen = w.messages(notices).length
    const refused = await w.cmd('alerts.add', { symbol: 'NOPE/USD', op: 'above', price: '1' })
    expect(refused).toEqual({
      k: 'res',
      id: expect.any(Number),
      ok: false,
      error: { code: 'EREFUSED', message: 'Unknown instrument NOPE/USD: no alert set' },
    })
    const said = await w.next<NoticesView>(
      notices,
      seen,
      (v) => v.notices.at(-1)?.text === 'Unknown instrument NOPE/USD: no alert set',
      'the refusal on the notices topic',
    )
    expect(said.notices.at(-1)).toMatchObject({ kind: 'refusal', level: 'warn', pinned: true })
  })

  it('notices.dismiss unpins the notice, in its answer and on the notices topic', async () => {
    const before = w.messages<NoticesView>(notices).at(-1)!.notices
    const alertNotice = before.find((n) => n.kind === 'alert')!
    const refusal = before.find((n) => n.kind === 'refusal')!
    const seen = w.messages(notices).length

    const answer = await w.ok<NoticesView>('notices.dismiss', { ids: [alertNotice.id] })
    expect(answer.notices.find((n) => n.id === alertNotice.id)?.pinned).toBe(false)
    expect(answer.notices.find((n) => n.id === refusal.id)?.pinned).toBe(true)
    const shown = await w.next<NoticesView>(
      notices,
      seen,
      (v) => v.notices.find((n) => n.id === alertNotice.id)?.pinned === false,
      'the notices topic with the alert notice unpinned',
    )
    // still in the log, only off the strip; the refusal stays pinned
    expect(shown.notices.find((n) => n.id === alertNotice.id)?.text).toBe(alertNotice.text)
    expect(shown.notices.find((n) => n.id === refusal.id)?.pinned).toBe(true)
  })

  it('exercised every wire it claims to cover', () => {
    expect(missingFrom(covers, exercised)).toEqual([])
  })
})

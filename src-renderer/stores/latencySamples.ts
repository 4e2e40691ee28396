import type { LatencyView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { SampleRing } from '../panels/latencyModel'

/**
 * This window's latency samples for the HUD, kept outside any store: taking a sample must cost
 * the key press and the frame nothing (no store update, no render); the HUD reads them once a
 * second. Every structure is bounded, so a trading day costs what the first minutes cost.
 */
export const latencySamples = {
  /** key event (Enter, a click) → main handed the order's bytes to the venue socket */
  keyToWire: new SampleRing(1000),
  /** venue's timestamp of the book update → the frame that painted it */
  tickToPixel: new SampleRing(2000),
  /** main applied the book update → the frame that painted it (this machine's clock only) */
  mainToPixel: new SampleRing(2000),
}

const now = (): number => performance.timeOrigin + performance.now()

/** an input older than this did not send the order being placed (a timer, a late answer) */
const INPUT_FRESH_MS = 1000
let lastInputAt = 0

/**
 * Remembers the time of the latest key press or click (its event time: when the OS handed it to
 * the page). Capture phase, so it runs before the handler that sends the order.
 */
export function installInputClock(): () => void {
  const note = (e: Event): void => {
    lastInputAt = performance.timeOrigin + e.timeStamp
  }
  const types = ['keydown', 'pointerup', 'click'] as const
  for (const t of types) addEventListener(t, note, { capture: true, passive: true })
  return () => {
    for (const t of types) removeEventListener(t, note, { capture: true })
  }
}

/** The time of the key or click sending an order now, or null when there was none just before. */
export function inputTime(): number | null {
  return lastInputAt && now() - lastInputAt < INPUT_FRESH_MS ? lastInputAt : null
}

/** orders this window sent, waiting for their wire time, and wire times waiting for their order */
const MAX_PENDING = 64
const pressedAt = new Map<string, number>()
const sentAt = new Map<string, number>()

function keep(m: Map<string, number>, k: string, v: number): void {
  m.set(k, v)
  if (m.size > MAX_PENDING) m.delete(m.keys().next().value!)
}

let watching = false

/** An order this window sent has its client order id: pair it with its wire time. */
export function orderPlaced(clOrdId: string, inputAt: number): void {
  const sent = sentAt.get(clOrdId)
  if (sent !== undefined) {
    sentAt.delete(clOrdId)
    latencySamples.keyToWire.add(sent - inputAt)
  } else keep(pressedAt, clOrdId, inputAt)
  // from the first order on, for the rest of the session: main keeps the latest 32 wire times,
  // so the order that started it is in the first message
  if (!watching) {
    watching = true
    getBridge().subscribe('latency', {}, onWireTimes)
  }
}

/** @internal exported for tests: main's wire times arrived */
export function onWireTimes(v: LatencyView): void {
  for (const s of v.sent) {
    const at = pressedAt.get(s.clOrdId)
    if (at !== undefined) {
      pressedAt.delete(s.clOrdId)
      latencySamples.keyToWire.add(s.sentAt - at)
    } else keep(sentAt, s.clOrdId, s.sentAt)
  }
}

let observing = false

/**
 * Samples each ladder paint of this window from the attributes the ladder sets in the frame it
 * paints (data-venue-time, data-main-time); once started, for the rest of the session. One
 * sample per new book shown (a repaint of the same book, e.g. a scroll, is not a tick).
 */
export function watchPaints(): void {
  if (observing) return
  observing = true
  const shown = new WeakMap<Element, string>()
  const sample = (el: Element, at: number): void => {
    const main = el.getAttribute('data-main-time')
    if (!main || shown.get(el) === main) return
    shown.set(el, main)
    const venue = el.getAttribute('data-venue-time')
    if (venue) latencySamples.tickToPixel.add(at - Date.parse(venue))
    latencySamples.mainToPixel.add(at - Number(main))
  }
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target as Element
      // data-paint="frame": set in the frame that shows it; otherwise a commit the next frame shows
      if (el.getAttribute('data-paint') === 'frame') sample(el, now())
      else requestAnimationFrame(() => sample(el, now()))
    }
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-main-time'] })
}

/** @internal for tests: orders and wire times waiting for their other half (bounded) */
export function pendingCount(): number {
  return pressedAt.size + sentAt.size
}

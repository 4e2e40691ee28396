import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { toPriceUnits } from '../../src-domain/decimal'
import type { BookView, TradesView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { useMarketStore } from '../stores/marketStore'
import { useBookSubscription } from '../stores/subscriptions'
import { useTicketStore } from '../stores/ticketStore'
import { useTradingStore } from '../stores/tradingStore'
import { amendLeg, amendTo, cancel, placeAt } from '../trading/actions'
import { useBracketsStore, useBracketsSubscription } from '../stores/bracketsStore'
import { exitsLabel } from './bracketLabels'
import { legMarks, type LegMark, type LegMarks } from './bracketModel'
import {
  centreOf,
  ladderRows,
  myOrdersByPrice,
  newTradeMarks,
  addTradeVolume,
  recentreTo,
  tickUnits,
  type Mine,
  VOLUME_PRICES,
} from './ladderModel'
import {
  LadderPainter,
  type LadderColumns,
  type LadderTheme,
  type PaintRow,
  type Span,
} from './ladderPainter'
import { newTradeFilter } from './recentTradeIds'
import { every } from '../stores/uiClock'

const ROW_PX = 20
// the volume column forgets prices not traded for a long while: the header says so
const VOLUME_TITLE = `Volume traded at each price since this ladder opened (the ${VOLUME_PRICES.toLocaleString('en-US')} prices traded most recently)`
/** The DOM mirror (clicks, drag, screen readers, tests) follows the book at most this often. */
const MIRROR_MS = 250

export interface LadderCommands {
  recentre: () => void
  scroll: (ticks: number) => void
  pageRows: number
}

/** Everything a paint needs besides the book, as of the last React commit. */
interface PaintInputs {
  centre: number | null
  manual: number | null
  rowCount: number
  mine: Mine
  /** bracket legs working on this instrument, by price */
  legs: LegMarks
}

/**
 * Price ladder (DOM): one row per tick, bids left, asks right. The price column stays put while
 * the book moves; it re-centres on the first data, on the re-centre key, and when the touch
 * leaves the screen.
 *
 * The pixels are a canvas (`LadderPainter`) repainted once per frame from the store, outside
 * React. On top lies a transparent DOM mirror of the same rows: it takes clicks and drags, is
 * what screen readers and tests read, and follows the book every MIRROR_MS. Its price grid is
 * always the canvas's (centre changes are committed synchronously before the canvas paints), so
 * a click lands on the price the trader sees.
 */
export function Ladder({
  symbol,
  commandsRef,
}: {
  symbol: string
  commandsRef?: { current: LadderCommands | null }
}) {
  useBookSubscription(symbol)
  // the ladder re-renders for its status badge, not for every book message
  const status = useMarketStore((s) => s.books[symbol]?.status)
  const book = useMarketStore.getState().books[symbol]
  // Where the ladder is centred when following the market; moves only when the touch leaves the screen.
  const [anchor, setAnchor] = useState<number | null>(null)
  // Set by a manual scroll: the ladder stays where the trader put it until they re-centre.
  const [manual, setManual] = useState<number | null>(null)
  const [rowCount, setRowCount] = useState(41)
  const [, setMirrorTick] = useState(0)
  const sectionRef = useRef<HTMLElement>(null)
  const colsRef = useRef<HTMLDivElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)

  // Follow the market during render (no effect round trip): first data, or touch off screen.
  const follow = book && manual === null ? recentreTo(book, anchor, rowCount) : null
  if (follow !== null) setAnchor(follow)
  const centre = manual ?? anchor
  const scrolled = manual !== null

  useEffect(() => {
    if (!commandsRef) return
    commandsRef.current = {
      recentre: () => {
        const b = useMarketStore.getState().books[symbol]
        const c = b ? centreOf(b) : null
        if (c !== null) setAnchor(c)
        setManual(null)
      },
      scroll: (ticks) => {
        const b = useMarketStore.getState().books[symbol]
        if (!b || anchor === null) return
        setManual((m) => (m ?? anchor) + ticks * tickUnits(b))
      },
      pageRows: rowCount - 1,
    }
  }, [commandsRef, symbol, rowCount, anchor])

  const working = useTradingStore((st) => st.orders.working)
  const pp = useMarketStore((s) => s.books[symbol]?.pricePrecision)
  const mine = useMemo(() => myOrdersByPrice(working, symbol, pp), [working, symbol, pp])
  useBracketsSubscription()
  const brackets = useBracketsStore((s) => s.view)
  const legs = useMemo(() => legMarks(brackets, working, symbol, pp), [brackets, working, symbol, pp])
  const cancelAt = (price: number): void => {
    const ids = new Set([...(mine.get(price)?.ids ?? []), ...atKraken(legs.get(price)).map((l) => l.clOrdId)])
    for (const id of ids) void cancel(id)
  }

  // volume traded at each price since this ladder opened, and the last trade's price: painted,
  // not rendered, so they live in a small mutable store (TradeMarks), not in React state
  const [marks] = useState(newTradeMarks)
  const mirrorDirty = useRef(false)
  const schedule = useRef<() => void>(() => {})
  useEffect(() => {
    // a new symbol remounts the ladder (key={symbol}), so this state starts empty
    // remembers only the latest tape's ids: a set of every id seen grew all day (issue 20)
    const newTrades = newTradeFilter()
    return getBridge().subscribe('trades', { symbol }, (v: TradesView) => {
      const pp = useMarketStore.getState().books[symbol]?.pricePrecision
      if (pp === undefined) return
      const fresh = newTrades(v.trades)
      if (!fresh.length) return
      // display only: sizes summed as numbers for the volume column
      for (const t of fresh) addTradeVolume(marks, toPriceUnits(t.price, pp), Number(t.qty))
      const last = v.trades[0]!
      marks.last = { price: toPriceUnits(last.price, pp), side: last.side }
      mirrorDirty.current = true
      schedule.current()
    })
  }, [symbol, marks])

  // the mirror follows the book and the tape at most every MIRROR_MS
  useEffect(
    () =>
      every(MIRROR_MS, () => {
        if (!mirrorDirty.current) return
        mirrorDirty.current = false
        setMirrorTick((n) => n + 1)
      }),
    [],
  )

  // The canvas. Set up once per symbol; paints on the next frame after a book or trade message,
  // and at once after each React commit (new centre, size, orders).
  const inputs = useRef<PaintInputs>({ centre: null, manual: null, rowCount, mine, legs })
  const paintRef = useRef<(inFrame: boolean) => void>(() => {})
  useLayoutEffect(() => {
    const canvas = canvasRef.current!
    const body = bodyRef.current!
    const ctx = canvas.getContext('2d')
    // without a canvas the DOM rows stay visible (CSS hides their text only under a painting canvas)
    if (!ctx) return
    // data-paint="frame": the canvas paints, and sets data-venue-time in the frame that shows it
    sectionRef.current?.setAttribute('data-paint', 'frame')
    const painter = new LadderPainter(ctx)
    let frame = 0
    let arrivedAt = 0
    let stamped: BookView | null = null
    const paint = (inFrame: boolean): void => {
      const b = useMarketStore.getState().books[symbol]
      const g = inputs.current
      if (!b) return void painter.paint([])
      // the touch left the screen between renders: commit the new centre first, so the mirror
      // (where clicks land) and the canvas never show different prices; the commit repaints
      const c = g.manual === null ? recentreTo(b, g.centre, g.rowCount) : null
      if (c !== null) {
        if (inFrame) flushSync(() => setAnchor(c))
        else setAnchor(c) // a layout effect's update is committed before the browser paints
        return
      }
      if (g.centre === null) return
      painter.paint(ladderRows(b, g.centre, g.rowCount, g.mine, marks, g.legs))
      // when the venue stamped the update shown, when main applied it and when this window got it
      // (for `npm run bench` and the latency HUD: where the time between a tick and its pixel
      // goes), set once per book shown: a repaint of the same book (a trade, a commit) is no tick,
      // and each set wakes every attribute observer of the window
      const el = sectionRef.current
      if (!el || b === stamped) return
      stamped = b
      if (b.venueTime) el.setAttribute('data-venue-time', b.venueTime)
      el.setAttribute('data-main-time', String(b.updatedAt))
      el.setAttribute('data-arrived-at', arrivedAt.toFixed(1))
    }
    paintRef.current = paint
    schedule.current = () => {
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0
          paint(true)
        })
    }
    const relayout = (): void => {
      const scale = devicePixelRatio || 1
      const w = body.clientWidth
      const h = body.clientHeight
      canvas.width = Math.round(w * scale)
      canvas.height = Math.round(h * scale)
      painter.setLayout({
        columns: readColumns(colsRef.current!, body),
        width: w,
        height: h,
        rowPx: ROW_PX,
        scale,
        theme: readTheme(body),
      })
      const n = Math.max(11, Math.floor(h / ROW_PX))
      setRowCount(n % 2 === 0 ? n - 1 : n)
      paint(false)
    }
    const ro = new ResizeObserver(relayout)
    ro.observe(body)
    // a window moved to a screen of another pixel density keeps its size: watch the density too
    let density = matchMedia(`(resolution: ${devicePixelRatio}dppx)`)
    const onDensity = (): void => {
      density.removeEventListener('change', onDensity)
      density = matchMedia(`(resolution: ${devicePixelRatio}dppx)`)
      density.addEventListener('change', onDensity)
      relayout()
    }
    density.addEventListener('change', onDensity)
    const unsubscribe = useMarketStore.subscribe((s, prev) => {
      if (s.books[symbol] === prev.books[symbol]) return
      arrivedAt = performance.timeOrigin + performance.now()
      mirrorDirty.current = true
      schedule.current()
    })
    return () => {
      ro.disconnect()
      density.removeEventListener('change', onDensity)
      unsubscribe()
      cancelAnimationFrame(frame)
      schedule.current = () => {}
    }
  }, [symbol, marks])
  // after every commit: the canvas shows what the mirror now shows
  useLayoutEffect(() => {
    inputs.current = { centre, manual, rowCount, mine, legs }
    paintRef.current(false)
  })

  // drag-to-amend: press on my order, release on another price; a click (no move) cancels.
  // A bracket leg moves as its kind does: a target its limit, a stop its trigger.
  const [drag, setDrag] = useState<{ from: number; fromText: string; ids: string[] } | null>(null)
  const release = (price: number, priceText: string): void => {
    if (!drag) return
    setDrag(null)
    if (price === drag.from) return cancelAt(price)
    const moved = atKraken(legs.get(drag.from))
    const legIds = new Set(moved.map((l) => l.clOrdId))
    for (const l of moved) if (pp !== undefined) void amendLeg(l, drag.fromText, priceText, pp)
    for (const id of drag.ids) if (!legIds.has(id)) void amendTo(id, priceText)
  }

  // one stable object for every row's handlers, so a row re-renders only when what it shows changes
  const actions = useRef<RowActions>(null as unknown as RowActions)
  // refreshed after each render (handlers run on clicks, never during render)
  useLayoutEffect(() => {
    actions.current = {
      release,
      startDrag: (price, priceText) => {
        const ids = mine.get(price)?.ids ?? []
        if (ids.length || atKraken(legs.get(price)).length) setDrag({ from: price, fromText: priceText, ids })
      },
      place: (side, priceText) => {
        if (!drag && priceText) void placeAt(side, priceText)
      },
    }
  })

  const rows = book && centre !== null ? ladderRows(book, centre, rowCount, mine, marks, legs) : []
  return (
    <section
      className="panel ladder"
      aria-label={`${symbol} price ladder`}
      data-testid="ladder"
      ref={sectionRef}
    >
      <header className="panel-head">
        <span className="panel-title">Ladder</span>
        <span className="symbol">{symbol}</span>
        <ClickQty />
        {scrolled && (
          <span className="scrolled" data-testid="ladder-scrolled">
            Scrolled — press C to re-centre
          </span>
        )}
        <BookBadge status={status} />
      </header>
      <div className="ladder-cols" aria-hidden="true" ref={colsRef}>
        <span>Mine</span>
        <span>Bid size</span>
        <span>Price</span>
        <span>Ask size</span>
        <span>Mine</span>
        <span title={VOLUME_TITLE}>Volume</span>
      </div>
      <div className="ladder-body" ref={bodyRef} role="grid" aria-rowcount={rows.length}>
        <canvas className="ladder-canvas" ref={canvasRef} aria-hidden="true" />
        {!book && <div className="empty">Waiting for the {symbol} book…</div>}
        {rows.map((r) => (
          <Row key={r.price} {...r} dragging={drag !== null} actions={actions} />
        ))}
      </div>
    </section>
  )
}

/** Column spans from the header, which shares the rows' CSS grid. */
function readColumns(header: HTMLElement, body: HTMLElement): LadderColumns {
  const left = body.getBoundingClientRect().left
  const spans = [...header.children].map((c) => {
    const r = c.getBoundingClientRect()
    return { x: r.left - left, w: r.width }
  })
  const [myBid, bid, price, ask, myAsk, volume] = spans as [Span, Span, Span, Span, Span, Span]
  return { myBid, bid, price, ask, myAsk, volume }
}

/** Colours and fonts from the stylesheet, so the canvas follows the CSS theme. */
function readTheme(body: HTMLElement): LadderTheme {
  const cs = getComputedStyle(body)
  const v = (name: string): string => cs.getPropertyValue(name).trim()
  return {
    bid: v('--bid'),
    ask: v('--ask'),
    bidBg: v('--bid-bg'),
    askBg: v('--ask-bg'),
    muted: v('--muted'),
    line: v('--line'),
    rowLine: v('--row-line'),
    mine: v('--mine'),
    bestText: v('--best-text'),
    target: v('--leg-target') || undefined,
    stop: v('--leg-stop') || undefined,
    font: `${cs.fontSize} ${cs.fontFamily}`,
    smallFont: `11px ${cs.fontFamily}`,
  }
}

interface RowActions {
  release: (price: number, priceText: string) => void
  startDrag: (price: number, priceText: string) => void
  place: (side: 'buy' | 'sell', priceText: string) => void
}

/**
 * One row of the transparent DOM mirror (the canvas shows the pixels). Memoised on what it
 * shows, so a mirror update touches only rows that changed.
 */
const Row = memo(function Row(
  p: PaintRow & {
    price: number
    dragging: boolean
    actions: { current: RowActions }
  },
) {
  const a = p.actions
  return (
    <div
      role="row"
      className={`ladder-row${p.bestBid ? ' best-bid' : ''}${p.bestAsk ? ' best-ask' : ''}${p.dragging ? ' dragging' : ''}${p.lastSide ? ` last-trade last-${p.lastSide}` : ''}`}
      data-price={p.priceText}
      onMouseUp={() => a.current.release(p.price, p.priceText)}
    >
      <span
        role="gridcell"
        className={`cell mine${p.legBuyKind ? ` leg-${p.legBuyKind}` : ''}`}
        data-testid={p.legBuyKind ? `bracket-${p.legBuyKind}` : p.myBuy ? 'my-bid' : undefined}
        onMouseDown={(e) => {
          if (!p.myBuy && !p.legBuy) return
          e.preventDefault()
          a.current.startDrag(p.price, p.priceText)
        }}
        title={mineTitle(p.legBuyKind, p.myBuy, 'bids')}
      >
        {p.legBuy || p.myBuy}
      </span>
      <span
        role="gridcell"
        className="cell bid"
        data-testid={p.bidQty ? 'bid-qty' : undefined}
        onClick={() => a.current.place('buy', p.priceText)}
        title={`Buy at ${p.priceText}`}
      >
        {p.bidQty ?? ''}
      </span>
      <span role="gridcell" className="cell price">
        {p.priceText}
      </span>
      <span
        role="gridcell"
        className="cell ask"
        data-testid={p.askQty ? 'ask-qty' : undefined}
        onClick={() => a.current.place('sell', p.priceText)}
        title={`Sell at ${p.priceText}`}
      >
        {p.askQty ?? ''}
      </span>
      <span
        role="gridcell"
        className={`cell mine${p.legSellKind ? ` leg-${p.legSellKind}` : ''}`}
        data-testid={p.legSellKind ? `bracket-${p.legSellKind}` : p.mySell ? 'my-ask' : undefined}
        onMouseDown={(e) => {
          if (!p.mySell && !p.legSell) return
          e.preventDefault()
          a.current.startDrag(p.price, p.priceText)
        }}
        title={mineTitle(p.legSellKind, p.mySell, 'offers')}
      >
        {p.legSell || p.mySell}
      </span>
      <span role="gridcell" className="cell vol" data-testid={p.volume ? 'volume' : undefined}>
        {p.volume}
      </span>
    </div>
  )
})

/** Legs with an order at Kraken: the ones a drag amends and a click cancels (a held target has none). */
function atKraken(legs: readonly LegMark[] | undefined): LegMark[] {
  return (legs ?? []).filter((l) => !l.held)
}

/** What a press on a Mine cell does, in words. */
function mineTitle(kind: string | undefined, mine: string, what: string): string | undefined {
  if (kind === 'held')
    return 'Bracket target held in Trident (the balance is held by the stop): sent when the market reaches it'
  if (kind === 'stop') return 'Bracket stop (at its trigger): drag to move the trigger; click to cancel it'
  if (kind === 'target') return 'Bracket target: drag to move it; click to cancel it'
  return mine ? `Click to cancel my ${what} here; drag to move them` : undefined
}

function BookBadge({ status }: { status: string | undefined }) {
  const label =
    status === 'live'
      ? 'Live'
      : status === 'resyncing'
        ? 'Resyncing book…'
        : status === 'stale'
          ? 'Stale — waiting for snapshot'
          : 'Connecting…'
  return (
    <span className={`badge book-${status ?? 'none'}`} data-testid="book-status">
      {label}
    </span>
  )
}

/** A click on the ladder sends the ticket's quantity: the ladder says which, so nothing is unseen. */
function ClickQty() {
  const qty = useTicketStore((s) => s.qty)
  const id = useTicketStore((s) => s.exitTemplate ?? '')
  // a click sends an entry with exits when the ticket has a template chosen: the header says it
  const exits = useBracketsStore((s) => (id ? s.view?.templates.find((t) => t.id === id) : undefined))
  // a chase goes from the ticket only: with Chase ticked, a click still sends a plain limit
  const chase = useTicketStore((s) => s.chase)
  // spot margin goes from the ticket only: a click sends a cash limit
  const margin = useTicketStore((s) => s.leverage !== '')
  return (
    <span
      className="click-qty"
      title="Quantity a click on a bid or ask cell sends (keys 1–4 change it)"
      data-testid="ladder-click-qty"
    >
      click qty {qty}
      {exitsLabel(exits)}
      {chase ? ' · a plain limit (chase: Enter)' : ''}
      {margin ? ' · cash (margin: Enter)' : ''}
    </span>
  )
}

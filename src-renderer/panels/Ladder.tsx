import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { toPriceUnits } from '../../src-preload/contract/decimal'
import type { TradesView } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { useMarketStore } from '../stores/marketStore'
import { useBookSubscription } from '../stores/subscriptions'
import { useTicketStore } from '../stores/ticketStore'
import { useTradingStore } from '../stores/tradingStore'
import { amendTo, cancel, placeAt } from '../trading/actions'
import { buildLadderRows, centreOf, tickUnits, touchOutside, type LadderRow } from './ladderModel'

const ROW_PX = 20

export interface LadderCommands {
  recentre: () => void
  scroll: (ticks: number) => void
  pageRows: number
}

/**
 * Price ladder (DOM): one row per tick, bids left, asks right. The price column stays put while
 * the book moves; it re-centres on the first data, on the re-centre key, and when the touch
 * leaves the screen.
 */
export function Ladder({
  symbol,
  commandsRef,
}: {
  symbol: string
  commandsRef?: { current: LadderCommands | null }
}) {
  useBookSubscription(symbol)
  const book = useMarketStore((s) => s.books[symbol])
  // Where the ladder is centred when following the market; moves only when the touch leaves the screen.
  const [anchor, setAnchor] = useState<number | null>(null)
  // Set by a manual scroll: the ladder stays where the trader put it until they re-centre.
  const [manual, setManual] = useState<number | null>(null)
  const [rowCount, setRowCount] = useState(41)
  const bodyRef = useRef<HTMLDivElement>(null)

  useLayoutEffect(() => {
    const el = bodyRef.current
    if (!el) return
    const ro = new ResizeObserver(() => {
      const n = Math.max(11, Math.floor(el.clientHeight / ROW_PX))
      setRowCount(n % 2 === 0 ? n - 1 : n)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  // Follow the market during render (no effect round trip): first data, or touch off screen.
  if (book && manual === null && (anchor === null || touchOutside(book, anchor, rowCount))) {
    const c = centreOf(book)
    if (c !== null && c !== anchor) setAnchor(c)
  }
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

  const rows = useMemo(
    () => (book && centre !== null ? buildLadderRows(book, centre, rowCount) : []),
    [book, centre, rowCount],
  )
  // my working orders by price (in price units, so "65000" and "65000.0" are one row)
  const working = useTradingStore((st) => st.orders.working)
  const mine = useMemo(() => {
    const m = new Map<number, { buy: number; sell: number; ids: string[] }>()
    if (!book) return m
    for (const o of working) {
      if (o.symbol !== symbol || !o.limitPrice) continue
      let u: number
      try {
        u = toPriceUnits(o.limitPrice, book.pricePrecision)
      } catch {
        continue
      }
      const e = m.get(u) ?? { buy: 0, sell: 0, ids: [] }
      // display only: the blotter has the exact remaining quantities
      e[o.side] += Number(o.qty) - Number(o.filledQty)
      e.ids.push(o.clOrdId)
      m.set(u, e)
    }
    return m
  }, [working, symbol, book])
  const cancelAt = (price: number): void => {
    for (const id of mine.get(price)?.ids ?? []) void cancel(id)
  }
  // volume traded at each price since this ladder opened, and the last trade's price
  const seen = useRef(new Set<string>())
  const [volume, setVolume] = useState(() => new Map<number, number>())
  const [lastTrade, setLastTrade] = useState<{ price: number; side: 'buy' | 'sell' } | null>(null)
  useEffect(() => {
    // a new symbol remounts the ladder (key={symbol}), so this state starts empty
    return getBridge().subscribe('trades', { symbol }, (v: TradesView) => {
      const pp = useMarketStore.getState().books[symbol]?.pricePrecision
      if (pp === undefined) return
      const fresh = v.trades.filter((t) => !seen.current.has(t.id))
      if (!fresh.length) return
      for (const t of fresh) seen.current.add(t.id)
      setVolume((prev) => {
        const next = new Map(prev)
        // display only: sizes summed as numbers for the volume column
        for (const t of fresh) {
          const u = toPriceUnits(t.price, pp)
          next.set(u, (next.get(u) ?? 0) + Number(t.qty))
        }
        return next
      })
      const last = v.trades[0]!
      setLastTrade({ price: toPriceUnits(last.price, pp), side: last.side })
    })
  }, [symbol])

  // drag-to-amend: press on my order, release on another price; a click (no move) cancels
  const [drag, setDrag] = useState<{ from: number; ids: string[] } | null>(null)
  const release = (price: number, priceText: string): void => {
    if (!drag) return
    setDrag(null)
    if (price === drag.from) cancelAt(price)
    else for (const id of drag.ids) void amendTo(id, priceText)
  }

  // one stable object for every row's handlers, so a row re-renders only when what it shows changes
  const actions = useRef<RowActions>(null as unknown as RowActions)
  // refreshed after each render (handlers run on clicks, never during render)
  useLayoutEffect(() => {
    actions.current = {
      release,
      startDrag: (price) => {
        const ids = mine.get(price)?.ids
        if (ids?.length) setDrag({ from: price, ids })
      },
      place: (side, priceText) => {
        if (!drag && priceText) void placeAt(side, priceText)
      },
    }
  })

  return (
    <section
      className="panel ladder"
      aria-label={`${symbol} price ladder`}
      data-testid="ladder"
      data-venue-time={book?.venueTime}
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
        <BookBadge status={book?.status} />
      </header>
      <div className="ladder-cols" aria-hidden="true">
        <span>Mine</span>
        <span>Bid size</span>
        <span>Price</span>
        <span>Ask size</span>
        <span>Mine</span>
        <span>Volume</span>
      </div>
      <div className="ladder-body" ref={bodyRef} role="grid" aria-rowcount={rows.length}>
        {!book && <div className="empty">Waiting for the {symbol} book…</div>}
        {rows.map((r) => {
          const m = mine.get(r.price)
          const vol = volume.get(r.price)
          return (
            <Row
              key={r.price}
              price={r.price}
              priceText={r.priceText}
              bidQty={r.bidQty}
              askQty={r.askQty}
              bestBid={r.bestBid}
              bestAsk={r.bestAsk}
              // whole percents: a bar that moves by less than a pixel is not worth a repaint
              bidPct={Math.round(r.bidDepth * 100)}
              askPct={Math.round(r.askDepth * 100)}
              lastSide={lastTrade?.price === r.price ? lastTrade.side : null}
              myBuy={m?.buy ? formatQty(m.buy, book!.qtyPrecision) : ''}
              mySell={m?.sell ? formatQty(m.sell, book!.qtyPrecision) : ''}
              volume={vol ? vol.toFixed(4) : ''}
              dragging={drag !== null}
              actions={actions}
            />
          )
        })}
      </div>
    </section>
  )
}

interface RowActions {
  release: (price: number, priceText: string) => void
  startDrag: (price: number) => void
  place: (side: 'buy' | 'sell', priceText: string) => void
}

function formatQty(q: number, qp: number): string {
  return q.toFixed(qp).replace(/0+$/, '').replace(/\.$/, '')
}

/**
 * One price row. Memoised on what it shows: under a burst most rows are unchanged, and React
 * then leaves their DOM alone (measured with `npm run bench`).
 */
const Row = memo(function Row(
  p: Omit<LadderRow, 'bidDepth' | 'askDepth'> & {
    bidPct: number
    askPct: number
    lastSide: 'buy' | 'sell' | null
    myBuy: string
    mySell: string
    volume: string
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
        className="cell mine"
        data-testid={p.myBuy ? 'my-bid' : undefined}
        onMouseDown={(e) => {
          if (!p.myBuy) return
          e.preventDefault()
          a.current.startDrag(p.price)
        }}
        title={p.myBuy ? 'Click to cancel my bids here; drag to move them' : undefined}
      >
        {p.myBuy}
      </span>
      <span
        role="gridcell"
        className="cell bid"
        data-testid={p.bidQty ? 'bid-qty' : undefined}
        onClick={() => a.current.place('buy', p.priceText)}
        title={`Buy at ${p.priceText}`}
      >
        <i className="bar" style={{ width: `${p.bidPct}%` }} />
        <b>{p.bidQty ?? ''}</b>
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
        <i className="bar" style={{ width: `${p.askPct}%` }} />
        <b>{p.askQty ?? ''}</b>
      </span>
      <span
        role="gridcell"
        className="cell mine"
        data-testid={p.mySell ? 'my-ask' : undefined}
        onMouseDown={(e) => {
          if (!p.mySell) return
          e.preventDefault()
          a.current.startDrag(p.price)
        }}
        title={p.mySell ? 'Click to cancel my offers here; drag to move them' : undefined}
      >
        {p.mySell}
      </span>
      <span role="gridcell" className="cell vol" data-testid={p.volume ? 'volume' : undefined}>
        {p.volume}
      </span>
    </div>
  )
})

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
  return (
    <span
      className="click-qty"
      title="Quantity a click on a bid or ask cell sends (keys 1–4 change it)"
      data-testid="ladder-click-qty"
    >
      click qty {qty}
    </span>
  )
}

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useMarketStore } from '../stores/marketStore'
import { useBookSubscription } from '../stores/subscriptions'
import { buildLadderRows, centreOf, tickUnits, touchOutside } from './ladderModel'

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

  return (
    <section className="panel ladder" aria-label={`${symbol} price ladder`} data-testid="ladder">
      <header className="panel-head">
        <span className="panel-title">Ladder</span>
        <span className="symbol">{symbol}</span>
        {scrolled && (
          <span className="scrolled" data-testid="ladder-scrolled">
            Scrolled — press C to re-centre
          </span>
        )}
        <BookBadge status={book?.status} />
      </header>
      <div className="ladder-cols" aria-hidden="true">
        <span>Bid size</span>
        <span>Price</span>
        <span>Ask size</span>
      </div>
      <div className="ladder-body" ref={bodyRef} role="grid" aria-rowcount={rows.length}>
        {!book && <div className="empty">Waiting for the {symbol} book…</div>}
        {rows.map((r) => (
          <div
            key={r.price}
            role="row"
            className={`ladder-row${r.bestBid ? ' best-bid' : ''}${r.bestAsk ? ' best-ask' : ''}`}
            data-price={r.priceText}
          >
            <span role="gridcell" className="cell bid" data-testid={r.bidQty ? 'bid-qty' : undefined}>
              <i className="bar" style={{ width: `${r.bidDepth * 100}%` }} />
              <b>{r.bidQty ?? ''}</b>
            </span>
            <span role="gridcell" className="cell price">
              {r.priceText}
            </span>
            <span role="gridcell" className="cell ask" data-testid={r.askQty ? 'ask-qty' : undefined}>
              <i className="bar" style={{ width: `${r.askDepth * 100}%` }} />
              <b>{r.askQty ?? ''}</b>
            </span>
          </div>
        ))}
      </div>
    </section>
  )
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

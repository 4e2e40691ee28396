import { useVirtualizer } from '@tanstack/react-virtual'
import { capText, TEXT_FIELD_MAX } from './fieldCaps'
import { useMemo, useRef, useState, type RefObject } from 'react'
import type { OrderView } from '../../src-preload/contract/types'
import { useOrderHistory } from '../stores/subscriptions'
import { useTradingStore } from '../stores/tradingStore'
import { cancel } from '../trading/actions'
import { useBracketsStore, useBracketsSubscription } from '../stores/bracketsStore'
import { blotterRoles, groupUnderEntries, type BlotterRole } from './bracketModel'
import { orderFlags } from './orderFlags'

type Tab = 'working' | 'fills' | 'history'

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23)
const STATE: Record<string, string> = {
  'pending-new': 'Sent',
  open: 'Working',
  'partially-filled': 'Part filled',
  filled: 'Filled',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
  expired: 'Expired',
}

/** CSV of what the tab shows: decimals exactly as main reported them, quoted where needed. */
export function toCsv(header: string[], rows: (string | number | undefined)[][]): string {
  const cell = (v: string | number | undefined): string => {
    const t = v === undefined ? '' : String(v)
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
  }
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n'
}

/** The working or history tab as CSV: every column the table shows, the Bracket column's words included. */
export function ordersCsv(rows: readonly OrderView[], roles: ReadonlyMap<string, BlotterRole>): string {
  return toCsv(
    [
      'updated',
      'side',
      'type',
      'bracket',
      'qty',
      'filled',
      'avgPrice',
      'limitPrice',
      'triggerPrice',
      'state',
      'reason',
      'protocol',
      'symbol',
      'clOrdId',
      'venueOrderId',
    ],
    rows.map((o) => [
      new Date(o.updatedAt).toISOString(),
      o.side,
      o.type,
      bracketCell(roles.get(o.clOrdId)),
      o.qty,
      o.filledQty,
      o.avgPrice,
      o.limitPrice,
      o.triggerPrice,
      o.state,
      o.reason,
      o.protocol,
      o.symbol,
      o.clOrdId,
      o.venueOrderId,
    ]),
  )
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Every row is one line of this height (CSS keeps it so): the virtualiser needs no measuring. */
const ROW_PX = 22

/**
 * Only the rows in view (plus a margin) are in the DOM, whatever the count: thousands of fills
 * scroll as smoothly as ten. Spacer rows keep the scrollbar true to the whole list.
 */
function useVisibleRows(scroller: RefObject<HTMLDivElement | null>, count: number) {
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualiser's API is used as documented
  const v = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
    // before the first layout (and in a hidden panel): show a screenful rather than nothing
    initialRect: { width: 0, height: 30 * ROW_PX },
  })
  const items = v.getVirtualItems()
  const top = items[0]?.start ?? 0
  const bottom = items.length ? v.getTotalSize() - items[items.length - 1]!.end : 0
  return { items, top, bottom }
}

function Spacer({ px, cols }: { px: number; cols: number }) {
  return px > 0 ? (
    <tr aria-hidden="true" className="spacer" style={{ height: px }}>
      <td colSpan={cols} />
    </tr>
  ) : null
}

/** "↳ stop of …a1b2" under its entry; the entry says its template, a chase its state. */
function bracketCell(role: BlotterRole | undefined): string {
  if (!role) return ''
  return role.leg ? `↳ ${role.label} of …${role.entry.slice(-6)}` : role.label
}

/** Working orders, fills and history, with protocol and client order id on every row. */
export function Blotter() {
  const [tab, setTab] = useState<Tab>('working')
  const [filter, setFilter] = useState('')
  useOrderHistory()
  const orders = useTradingStore((s) => s.orders)
  useBracketsSubscription()
  const brackets = useBracketsStore((s) => s.view)
  const roles = useMemo(() => blotterRoles(brackets), [brackets])
  const match = (...fields: (string | undefined)[]) =>
    !filter || fields.some((f) => f?.toLowerCase().includes(filter.toLowerCase()))
  // a bracket's legs right under their entry (the filter also finds them by the entry's id)
  const rows = groupUnderEntries(
    (tab === 'working' ? orders.working : orders.history).filter((o) =>
      match(o.symbol, o.side, o.type, o.state, o.clOrdId, o.protocol, o.reason, roles.get(o.clOrdId)?.entry),
    ),
    roles,
  )
  const fills = orders.fills.filter((f) => match(f.symbol, f.side, f.clOrdId, f.tradeId, f.protocol))
  const scroller = useRef<HTMLDivElement | null>(null)
  const visible = useVisibleRows(scroller, tab === 'fills' ? fills.length : rows.length)
  const exportCsv = (): void => {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    if (tab === 'fills') {
      download(
        `trident-fills-${stamp}.csv`,
        toCsv(
          ['time', 'side', 'qty', 'price', 'fee', 'feeAsset', 'symbol', 'protocol', 'clOrdId', 'tradeId'],
          fills.map((f) => [
            new Date(f.at).toISOString(),
            f.side,
            f.qty,
            f.price,
            f.fee,
            f.feeAsset,
            f.symbol,
            f.protocol,
            f.clOrdId,
            f.tradeId,
          ]),
        ),
      )
    } else download(`trident-${tab}-${stamp}.csv`, ordersCsv(rows, roles))
  }
  return (
    <section className="panel blotter" aria-label="Blotter" data-testid="blotter">
      <header className="panel-head tabs">
        {(['working', 'fills', 'history'] as Tab[]).map((x) => (
          <button
            key={x}
            className={tab === x ? 'on' : ''}
            onClick={() => setTab(x)}
            data-testid={`tab-${x}`}
          >
            {x === 'working'
              ? `Working (${orders.working.length})`
              : x === 'fills'
                ? `Fills (${orders.fills.length})`
                : 'History'}
          </button>
        ))}
        <input
          className="filter"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(capText(e.target.value))}
          maxLength={TEXT_FIELD_MAX}
          data-testid="blotter-filter"
        />
        <button onClick={exportCsv} data-testid="export-csv" title="Export this tab as CSV">
          CSV
        </button>
      </header>
      <div className="table-wrap" ref={scroller} data-testid="blotter-scroll">
        {tab === 'fills' ? (
          <table>
            <thead>
              <tr>
                <th>Time</th>
                <th>Side</th>
                <th>Qty</th>
                <th>Price</th>
                <th>Fee</th>
                <th>Symbol</th>
                <th>Via</th>
                <th>Order</th>
                <th>Trade</th>
              </tr>
            </thead>
            <tbody>
              <Spacer px={visible.top} cols={9} />
              {visible.items
                .map(({ index }) => fills[index]!)
                .map((f) => (
                  <tr key={`${f.clOrdId}-${f.tradeId}`} data-testid="fill-row" className={f.side}>
                    <td>{time(f.at)}</td>
                    <td>{f.side}</td>
                    <td className="num">{f.qty}</td>
                    <td className="num">{f.price}</td>
                    <td className="num" data-testid="fill-fee">
                      {f.fee !== undefined ? `${f.fee} ${f.feeAsset ?? ''}`.trim() : ''}
                    </td>
                    <td>{f.symbol}</td>
                    <td>{f.protocol.toUpperCase()}</td>
                    <td className="mono">{f.clOrdId}</td>
                    <td className="mono">{f.tradeId}</td>
                  </tr>
                ))}
              <Spacer px={visible.bottom} cols={9} />
            </tbody>
          </table>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Time</th>
                <th>Side</th>
                <th>Type</th>
                <th title="Orders of a bracket: the entry (with its exit template) and its legs under it; a chase order: its state and moves">
                  Bracket
                </th>
                <th>Qty</th>
                <th>Filled</th>
                <th>Price</th>
                <th>Avg price</th>
                <th>Status</th>
                <th>Reason</th>
                <th>Via</th>
                <th>Order</th>
                <th />
              </tr>
            </thead>
            <tbody>
              <Spacer px={visible.top} cols={13} />
              {visible.items
                .map(({ index }) => rows[index]!)
                .map((o: OrderView) => (
                  <tr
                    key={o.clOrdId}
                    data-testid={`${tab}-row`}
                    data-clordid={o.clOrdId}
                    data-state={o.state}
                    data-entry={roles.get(o.clOrdId)?.entry}
                    className={`${o.side}${roles.get(o.clOrdId)?.leg ? ' bracket-leg' : ''}`}
                  >
                    <td>{time(o.updatedAt)}</td>
                    <td>{o.side}</td>
                    <td>
                      {o.type}
                      {orderFlags(o).map((f) => (
                        <span key={f.text} className="muted" title={f.title}>
                          {' '}
                          {f.text}
                        </span>
                      ))}
                    </td>
                    <td data-testid="order-bracket" title={roles.get(o.clOrdId)?.entry}>
                      {bracketCell(roles.get(o.clOrdId))}
                    </td>
                    <td className="num">{o.qty}</td>
                    <td className="num">{o.filledQty}</td>
                    <td className="num" data-testid="order-price">
                      {o.limitPrice ?? o.triggerPrice ?? 'market'}
                    </td>
                    <td className="num" data-testid="order-avg-price">
                      {o.avgPrice ?? ''}
                    </td>
                    <td>{STATE[o.state] ?? o.state}</td>
                    <td className="reason">{o.reason ?? ''}</td>
                    <td>{o.protocol.toUpperCase()}</td>
                    <td className="mono">{o.clOrdId}</td>
                    <td>
                      {tab === 'working' && (
                        <button
                          className="cancel"
                          onClick={() => void cancel(o.clOrdId)}
                          title="Cancel"
                          data-testid="cancel-order"
                        >
                          ✕
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              <Spacer px={visible.bottom} cols={13} />
            </tbody>
          </table>
        )}
        {tab !== 'fills' && rows.length === 0 && (
          <div className="empty">{tab === 'working' ? 'No working orders' : 'No orders yet'}</div>
        )}
      </div>
    </section>
  )
}

import type { FormEvent, KeyboardEvent } from 'react'
import { useBracketsStore, useBracketsSubscription } from '../stores/bracketsStore'
import { useMarketStore } from '../stores/marketStore'
import { useBookSubscription } from '../stores/subscriptions'
import {
  QTY_PRESETS,
  useTicketStore,
  type Ticket as TicketFields,
  type TicketProtocol,
  type TicketType,
} from '../stores/ticketStore'
import { useTradingStore } from '../stores/tradingStore'
import { useUiStore } from '../stores/uiStore'
import { instrument, sendTicket } from '../trading/actions'
import { useDerivativesStore, useDerivativesSubscription } from '../stores/derivativesStore'
import { BracketExits } from './BracketExits'
import { ContractLeverage } from './ContractLeverage'
import { isDerivatives, leverageOf, qtyUnitWords } from './derivativesModel'
import { NUMBER_FIELD_MAX } from './fieldCaps'
import { needsPrice, needsTrigger, sendProblems, ticketSummary } from './ticketModel'

/** the ticket's menu order (limit first: what traders pick most); the list itself is src-domain's ORDER_TYPES */
const TYPES: TicketType[] = [
  'limit',
  'market',
  'iceberg',
  'stop-loss',
  'stop-loss-limit',
  'take-profit',
  'take-profit-limit',
  'trailing-stop',
]

/** The ticket's typed numbers: kept as the text typed (trimmed; capped by the store), checked in words by ticketModel. */
type NumberFieldName = 'qty' | 'price' | 'triggerPrice' | 'displayQty' | 'chaseMaxTicks' | 'chaseOffsetTicks'

function NumberField(p: {
  field: NumberFieldName
  label: string
  testId?: string
  title?: string
  whole?: boolean
}) {
  const value = useTicketStore((s) => s[p.field])
  const set = useTicketStore((s) => s.set)
  return (
    <label title={p.title}>
      {p.label}
      <input
        value={value}
        onChange={(e) => {
          const change: Partial<TicketFields> = {}
          change[p.field] = e.target.value.trim()
          set(change)
        }}
        inputMode={p.whole ? 'numeric' : 'decimal'}
        maxLength={NUMBER_FIELD_MAX}
        data-testid={p.testId}
      />
    </label>
  )
}

/** The order ticket: what it shows is exactly what Enter sends; problems show before sending. */
export function Ticket() {
  const t = useTicketStore()
  // join bid/ask and the hotkeys read the touch of the ticket's instrument
  useBookSubscription(t.symbol)
  const info = useMarketStore((s) => s.info)
  // the touch is read when a button is clicked: the ticket does not re-render on every book tick
  const touch = (side: 'bids' | 'asks'): string | undefined =>
    useMarketStore.getState().books[t.symbol]?.[side][0]?.[0]
  const inst = instrument(t.symbol) ?? info?.instruments.find((i) => i.symbol === t.symbol)
  // the same check Enter and a ladder click make (sendProblems), so the button never disagrees
  const balances = useTradingStore((s) => s.positions.balances)
  useBracketsSubscription()
  const templates = useBracketsStore((s) => s.view?.templates)
  const template = templates?.find((x) => x.id === t.exitTemplate)
  useDerivativesSubscription()
  const derivatives = useDerivativesStore((s) => s.view)
  const deriv = isDerivatives(inst)
  const problems = sendProblems(t, inst, balances, templates, derivatives)
  // Kraken's Unified WS add_order has no iceberg: not offered on a contract (still listed once chosen, to change it)
  const types = deriv && t.type !== 'iceberg' ? TYPES.filter((x) => x !== 'iceberg') : TYPES
  // spot pairs Kraken lends on; still shown once chosen elsewhere, so it can be set back to Cash
  const marginLevels =
    !deriv && (inst?.marginLeverage?.length || t.leverage) ? (inst?.marginLeverage ?? []) : null
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    void sendTicket()
  }
  const onKey = (e: KeyboardEvent): void => {
    // Enter in a field sends through the same checks as everywhere else, and says why not: the
    // browser's own submit does nothing at all while the button is disabled
    if (e.key === 'Enter' && !e.nativeEvent.isComposing && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault()
      const field = e.target as HTMLElement
      void sendTicket().then(() => {
        // main asks first: the field lets go, so the next Enter answers the dialog instead of
        // sending the order again from the field (hotkeys do not listen in a text field)
        if (useUiStore.getState().confirm) field.blur()
      })
      return
    }
    if (e.key === 'Escape') {
      e.preventDefault()
      t.clear()
      ;(e.target as HTMLElement).blur()
    }
  }
  return (
    <section className="panel ticket" aria-label="Order ticket" data-testid="ticket">
      <header className="panel-head">
        <span className="panel-title">Ticket</span>
        <span className="symbol">{t.symbol}</span>
        {deriv && (
          <span className="muted" data-testid="ticket-asset-class">
            {inst?.contract?.kind === 'future' ? 'future' : 'perp'}
          </span>
        )}
      </header>
      <form className="ticket-body" onSubmit={submit} onKeyDown={onKey}>
        <div className="row sides">
          <button
            type="button"
            className={`side buy${t.side === 'buy' ? ' on' : ''}`}
            onClick={() => t.set({ side: 'buy' })}
            data-testid="side-buy"
          >
            Buy
          </button>
          <button
            type="button"
            className={`side sell${t.side === 'sell' ? ' on' : ''}`}
            onClick={() => t.set({ side: 'sell' })}
            data-testid="side-sell"
          >
            Sell
          </button>
        </div>
        <label>
          Type
          <select
            value={t.type}
            onChange={(e) => t.set({ type: e.target.value as TicketType })}
            data-testid="ticket-type"
          >
            {types.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <NumberField field="qty" label={`Quantity (${qtyUnitWords(inst)})`} testId="ticket-qty" />
        <div className="row presets">
          {QTY_PRESETS.map((q, i) => (
            <button
              type="button"
              key={q}
              className={t.qty === q ? 'on' : ''}
              onClick={() => t.set({ qty: q })}
              title={`key ${i + 1}`}
            >
              {q}
            </button>
          ))}
        </div>
        {/* a chase has no price of its own: main starts it at the touch */}
        {needsPrice(t) && !t.chase && (
          <>
            <NumberField field="price" label={`Price (${inst?.quote ?? ''})`} testId="ticket-price" />
            <div className="row presets">
              <button
                type="button"
                onClick={() => {
                  const p = touch('bids')
                  if (p) t.set({ price: p })
                }}
              >
                Bid
              </button>
              <button
                type="button"
                onClick={() => {
                  const p = touch('asks')
                  if (p) t.set({ price: p })
                }}
              >
                Ask
              </button>
              <button
                type="button"
                onClick={() => inst && t.nudge(-1, inst.tickSize, inst.pricePrecision)}
                title="key ["
              >
                −tick
              </button>
              <button
                type="button"
                onClick={() => inst && t.nudge(1, inst.tickSize, inst.pricePrecision)}
                title="key ]"
              >
                +tick
              </button>
            </div>
          </>
        )}
        {needsTrigger(t) && (
          <NumberField
            field="triggerPrice"
            label={t.type === 'trailing-stop' ? 'Trail distance' : 'Trigger price'}
            testId="ticket-trigger"
          />
        )}
        {needsTrigger(t) && deriv && (
          <label title="What the trigger watches: the last trade on Kraken, or the index of the underlying">
            Trigger signal
            <select
              value={t.triggerSignal}
              onChange={(e) => t.set({ triggerSignal: e.target.value as 'last' | 'index' })}
              data-testid="ticket-trigger-signal"
            >
              <option value="last">Last</option>
              <option value="index">Index</option>
            </select>
          </label>
        )}
        {t.type === 'iceberg' && <NumberField field="displayQty" label="Display quantity" />}
        {deriv && inst && <ContractLeverage inst={inst} />}
        {marginLevels && (
          <label title="Borrow from Kraken at this leverage (a margin order); Cash pays from your balance">
            Leverage
            <select
              value={t.leverage}
              onChange={(e) => t.set({ leverage: e.target.value })}
              data-testid="ticket-margin-leverage"
            >
              <option value="">Cash</option>
              {/* a level chosen on another pair stays listed, so the ticket says why it is refused */}
              {[
                ...marginLevels,
                ...(t.leverage && !marginLevels.includes(t.leverage) ? [t.leverage] : []),
              ].map((x) => (
                <option key={x} value={x}>
                  {x}×
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="row">
          <label>
            Time in force
            <select
              value={t.tif}
              onChange={(e) => t.set({ tif: e.target.value as 'GTC' })}
              disabled={t.type === 'market'}
            >
              {/* no fill-or-kill on a contract (Unified WS: gtc, ioc, gtd); still listed once chosen */}
              {(deriv && t.tif !== 'FOK' ? ['GTC', 'IOC'] : ['GTC', 'IOC', 'FOK']).map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          <label>
            Via
            <select
              value={t.protocol}
              onChange={(e) => t.set({ protocol: e.target.value as TicketProtocol })}
              data-testid="ticket-protocol"
            >
              <option value="auto">auto</option>
              <option value="ws">WebSocket</option>
              <option value="fix">FIX</option>
              <option value="rest">REST</option>
            </select>
          </label>
        </div>
        {/* the boxes on one row: the send button must fit the default layout */}
        <div className="row checks">
          <label className="check">
            <input
              type="checkbox"
              checked={t.postOnly}
              onChange={(e) => t.set({ postOnly: e.target.checked })}
              data-testid="ticket-post-only"
            />{' '}
            Post-only
          </label>
          <label
            className="check"
            title={
              deriv || t.leverage
                ? "Sent as Kraken's reduce_only: the order may only reduce your position"
                : 'Trident refuses it unless it reduces your position, and cancels it if it ever could grow it'
            }
          >
            <input
              type="checkbox"
              checked={t.reduceOnly}
              onChange={(e) => t.set({ reduceOnly: e.target.checked })}
              data-testid="ticket-reduce-only"
            />{' '}
            Reduce-only
          </label>
          {/* a spot limit only; still shown once ticked elsewhere, so it can be unticked */}
          {((t.type === 'limit' && !deriv) || t.chase) && (
            <label
              className="check"
              title="Main keeps the limit at the touch (moved by amend) until it fills"
            >
              <input
                type="checkbox"
                checked={t.chase}
                onChange={(e) => t.set({ chase: e.target.checked })}
                data-testid="ticket-chase"
              />{' '}
              Chase
            </label>
          )}
        </div>
        {t.chase && (
          <div className="row">
            <NumberField field="chaseMaxTicks" label="Max chase (ticks)" testId="ticket-chase-max" whole />
            <NumberField
              field="chaseOffsetTicks"
              label="Offset (ticks)"
              testId="ticket-chase-offset"
              title="0 joins the bid for a buy, the ask for a sell"
              whole
            />
          </div>
        )}
        <BracketExits />
        {problems.length > 0 && (
          <ul className="problems" data-testid="ticket-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <button
          type="submit"
          className={`send ${t.side}`}
          disabled={problems.length > 0}
          data-testid="ticket-send"
        >
          {ticketSummary(t, inst, template, leverageOf(derivatives, t.symbol))} <kbd>Enter</kbd>
        </button>
      </form>
    </section>
  )
}

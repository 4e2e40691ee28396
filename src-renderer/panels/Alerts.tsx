import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import type { FillView, PriceAlert } from '../../src-preload/contract/types'
import { getBridge } from '../bridge'
import { useBookEvery } from '../stores/useBookEvery'
import { useBookSubscription, useOrderHistory } from '../stores/subscriptions'
import { useTradingStore } from '../stores/tradingStore'
import { NUMBER_FIELD_MAX } from './fieldCaps'
import { arrivals } from './arrivals'

/**
 * Price alerts on the mid (halfway between the best bid and offer), not the last trade: the mid
 * moves with every quote, so an alert fires as soon as the market is there, even in a quiet
 * market with no trades. Main follows the book of every waiting alert and checks it on every
 * top-of-book change, so an alert fires even when no window shows the instrument; this panel
 * only shows them and rings when one fires.
 */
export function Alerts({ symbol }: { symbol: string }) {
  // the mid shown next to the price field
  useBookSubscription(symbol)
  const alerts = useTradingStore((s) => s.alerts.alerts)
  // a hint, read once a second: re-rendering the panel on every touch change cost more than the
  // ladder's whole canvas paint (measured at 5,000 book messages/s)
  const bestBid = useBookEvery(symbol, 1_000)?.bids[0]?.[0]
  const [op, setOp] = useState<'above' | 'below'>('above')
  const [price, setPrice] = useState('')
  const [error, setError] = useState<string | null>(null)
  useOrderHistory()
  const fills = useTradingStore((s) => s.orders.fills)
  const fired = useMemo(() => alerts.filter((a) => a.triggeredAt !== null), [alerts])
  useOnArrival(fired, firedKey, ringAlerts)
  useOnArrival(fills, fillKey, ringFills)
  useEffect(() => {
    // opening the audio device blocks the page for ~0.3 s (measured in Chromium without a sound
    // card): do it while the trader is idle, not on the first fill, between two keystrokes
    const id = requestIdleCallback(openAudio, { timeout: 5_000 })
    return () => cancelIdleCallback(id)
  }, [])

  const refused = (err: unknown): void => setError((err as Error).message)
  const add = (e: FormEvent): void => {
    e.preventDefault()
    const p = price.trim()
    if (!/^\d+(\.\d+)?$/.test(p)) {
      setError(`Alert price must be a plain decimal like 65000.5, not "${p}"`)
      return
    }
    // asking here is a user gesture, which browsers require before they allow notifications
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
      void Notification.requestPermission().catch(() => undefined)
    }
    getBridge()
      .invoke('alerts.add', { symbol, op, price: p })
      .then(() => {
        setPrice('')
        setError(null)
      })
      .catch(refused)
  }
  const remove = (id: number): void => void getBridge().invoke('alerts.remove', { id }).catch(refused)
  // a fired alert waits again (it fires at once if the mid is still there, as a new one would);
  // main re-arms only the firing shown here, so a held Enter or a second window does it once
  const rearm = (id: number, firedAt: number): void =>
    void getBridge().invoke('alerts.rearm', { id, firedAt }).catch(refused)
  const clearFired = (): void => void getBridge().invoke('alerts.clearFired', {}).catch(refused)

  return (
    <section className="panel alerts" data-testid="alerts-panel">
      <header className="panel-head">
        <span className="panel-title">Alerts</span>
        <span
          className="muted"
          title="Fires once when the mid (halfway between best bid and offer) reaches the price. Main checks every book change, with or without a window open."
          data-testid="alerts-rule"
        >
          fires when the mid reaches it · checked in main on every book change
        </span>
        {fired.length > 0 && (
          <button type="button" onClick={clearFired} data-testid="alerts-clear-fired">
            Clear fired ({fired.length})
          </button>
        )}
      </header>
      <form className="alert-form" onSubmit={add}>
        <span>{symbol} mid</span>
        <select
          value={op}
          onChange={(e) => setOp(e.target.value as 'above' | 'below')}
          data-testid="alert-op"
        >
          <option value="above">≥</option>
          <option value="below">≤</option>
        </select>
        <input
          value={price}
          maxLength={NUMBER_FIELD_MAX}
          placeholder={bestBid ?? 'price'}
          onChange={(e) => setPrice(e.target.value.trim())}
          aria-label="Alert price"
          data-testid="alert-price"
        />
        <button type="submit" disabled={!price} data-testid="alert-add">
          Add
        </button>
      </form>
      {error && (
        <p className="problems" data-testid="alert-error">
          {error}
        </p>
      )}
      <ul className="alert-list">
        {alerts.map((a) => (
          <li key={a.id} className={a.triggeredAt ? 'fired' : ''} data-testid="alert-row">
            <span>
              {a.symbol} {a.op === 'above' ? '≥' : '≤'} {a.price}
            </span>
            <span className="muted">
              {a.triggeredAt
                ? `fired ${new Date(a.triggeredAt).toISOString().slice(11, 19)} at ${a.triggerMid ?? ''}`
                : 'waiting'}
            </span>
            {a.triggeredAt && (
              <button
                type="button"
                // the second click of a double click is not a second re-arm: the first fires it
                // again at once when the mid is still past, and the second would say it twice
                onClick={(e) => e.detail <= 1 && rearm(a.id, a.triggeredAt!)}
                aria-label={`Re-arm alert ${a.id}`}
                data-testid="alert-rearm"
              >
                Re-arm
              </button>
            )}
            <button type="button" onClick={() => remove(a.id)} aria-label={`Remove alert ${a.id}`}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Calls `onNew` with the items that arrived since the last render (arrivals.ts). */
function useOnArrival<T>(items: T[], keyOf: (item: T) => string, onNew: (fresh: T[]) => void): void {
  const seen = useRef<Set<string> | null>(null)
  useEffect(() => {
    const r = arrivals(seen.current, items, keyOf)
    seen.current = r.seen
    if (r.fresh.length > 0) onNew(r.fresh)
  }, [items, keyOf, onNew])
}

/**
 * One key per firing: a re-armed alert that fires again rings again, and main's renumbering of
 * alerts it restores (ids from 1 at each start) neither rings for old ones nor hides a new one.
 */
export const firedKey = (a: PriceAlert): string => `${a.symbol}|${a.op}|${a.price}|${a.triggeredAt ?? ''}`
const fillKey = (f: FillView): string => `${f.clOrdId}|${f.tradeId}`

/** A short two-tone beep and a desktop notification for each alert that newly fired. */
function ringAlerts(fired: PriceAlert[]): void {
  for (const a of fired) {
    beep([880, 1320])
    notify(`Price alert: ${a.symbol} mid ${a.triggerMid ?? ''} ${a.op === 'above' ? '≥' : '≤'} ${a.price}`)
  }
}

/** Fills ring too (a lower tone, once per batch), so a resting order that trades is never missed. */
function ringFills(fresh: FillView[]): void {
  beep([660, 990])
  const f = fresh[0]!
  notify(`Filled: ${f.side === 'buy' ? 'bought' : 'sold'} ${f.qty} ${f.symbol} at ${f.price}`)
}

function notify(body: string): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    new Notification('Trident', { body })
  }
}

let audio: AudioContext | null = null
function openAudio(): AudioContext | null {
  try {
    audio ??= new AudioContext()
  } catch {
    // no audio device: the notice and the row still show the alert
  }
  return audio
}

function beep(tones: number[]): void {
  const audio = openAudio()
  if (!audio) return
  try {
    // opened before any key or click, the context starts suspended (autoplay policy)
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined)
    const t = audio.currentTime
    for (const [i, hz] of tones.entries()) {
      const osc = audio.createOscillator()
      const gain = audio.createGain()
      gain.gain.setValueAtTime(0.15, t + i * 0.12)
      gain.gain.exponentialRampToValueAtTime(0.001, t + i * 0.12 + 0.11)
      osc.frequency.value = hz
      osc.connect(gain).connect(audio.destination)
      osc.start(t + i * 0.12)
      osc.stop(t + i * 0.12 + 0.12)
    }
  } catch {
    // no audio device: the notice and the row still show the alert
  }
}

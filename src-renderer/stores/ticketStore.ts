import { create } from 'zustand'
import { fromUnits, toPriceUnits } from '../../src-domain/decimal'
import type { TriggerSignal } from '../../src-domain/derivatives'
import type { OrderType, Side, TimeInForce } from '../../src-domain/orders'
import { capNumberText } from '../panels/fieldCaps'

export type TicketType = OrderType
export type TicketProtocol = 'auto' | 'ws' | 'fix' | 'rest'

export interface Ticket {
  symbol: string
  side: Side
  type: TicketType
  qty: string
  price: string
  triggerPrice: string
  displayQty: string
  tif: TimeInForce
  postOnly: boolean
  /**
   * the order may only reduce the position: spot cash orders have Trident enforce it in main; on
   * derivatives and spot margin orders it is sent as Kraken's reduce_only
   */
  reduceOnly: boolean
  /** derivatives trigger orders: the price the trigger watches (Kraken's default: last) */
  triggerSignal: TriggerSignal
  /** spot margin: the leverage to borrow at ("2" … "5"); '' is a cash order */
  leverage: string
  protocol: TicketProtocol
  /** the exit template every fill gets a bracket from ('' none): the send button names it */
  exitTemplate?: string
  /** a limit main keeps at the touch (brackets.chase): no price of its own, main starts it at the touch */
  chase: boolean
  /** how many ticks from its start the chase may follow the touch (text as typed: checked in words) */
  chaseMaxTicks: string
  /** ticks behind the touch it rests ("0" joins the bid for a buy, the ask for a sell) */
  chaseOffsetTicks: string
}

export const QTY_PRESETS = ['0.01', '0.05', '0.1', '0.5']

const EMPTY: Ticket = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  qty: QTY_PRESETS[0]!,
  price: '',
  triggerPrice: '',
  displayQty: '',
  tif: 'GTC',
  postOnly: false,
  reduceOnly: false,
  triggerSignal: 'last',
  leverage: '',
  protocol: 'auto',
  exitTemplate: '',
  chase: false,
  chaseMaxTicks: '',
  chaseOffsetTicks: '0',
}

interface TicketStore extends Ticket {
  set: (p: Partial<Ticket>) => void
  clear: () => void
  /** move the price by whole ticks, exactly */
  nudge: (ticks: number, tickSize: string, pricePrecision: number) => void
}

function capped(p: Partial<Ticket>): Partial<Ticket> {
  const out = { ...p }
  for (const k of [
    'qty',
    'price',
    'triggerPrice',
    'displayQty',
    'chaseMaxTicks',
    'chaseOffsetTicks',
  ] as const) {
    const v = out[k]
    if (v !== undefined) out[k] = capNumberText(v)
  }
  return out
}

/** What the ticket shows is exactly what Enter sends. */
export const useTicketStore = create<TicketStore>((set, get) => ({
  ...EMPTY,
  // number text is capped here too, whatever set it (a field, a hotkey, flatten): nothing unbounded is kept
  set: (p) => set(capped(p)),
  // the exit template stays chosen, as the quantity does: the send button keeps saying it
  clear: () => set({ ...EMPTY, symbol: get().symbol, qty: get().qty, exitTemplate: get().exitTemplate }),
  nudge: (ticks, tickSize, pp) => {
    const price = get().price
    if (!price) return
    try {
      const units = toPriceUnits(price, pp) + ticks * toPriceUnits(tickSize, pp)
      if (units > 0) set({ price: fromUnits(String(units), pp) })
    } catch {
      // a price that is not a number yet: the ticket shows why, nothing to nudge
    }
  },
}))

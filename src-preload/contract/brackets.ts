/**
 * Brackets, exit templates and chase orders (issue 18): this feature's part of the contract, kept in its own file so
 * the feature's commands and topics are declared in one place; `contract.ts` spreads them into
 * the one channel map.
 */
import { z } from 'zod'
import { decimal, symbol } from './fields'
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE } from '../../src-domain/orders'
import type { PlaceResult } from './types'

const templateId = z.string().min(1).max(40)
/** whole ticks, or an exact price distance (decimal text); 0 passes here and is refused in words by main */
const offset = z.union([
  z.object({ ticks: z.number().int().min(0).max(1_000_000) }).strict(),
  z.object({ price: decimal }).strict(),
])
const count = z.number().int().min(0).max(1_000_000)
const exitTemplate = z
  .object({
    /** absent: a new template */
    id: templateId.optional(),
    name: z.string().trim().min(1, 'give the exit template a name').max(40),
    targets: z
      .array(z.object({ offset, percent: z.number().int().min(0).max(100) }).strict())
      .min(1)
      .max(8),
    stop: z
      .object({ offset, type: z.enum(['stop-loss', 'stop-loss-limit']), limitOffset: offset.optional() })
      .strict(),
    breakevenAfterTicks: count.optional(),
    trailTicks: count.optional(),
    timeLimitSec: count.optional(),
  })
  .strict()

export const bracketsCommandSchemas = {
  /** Save a named exit template (new without an id); main refuses it in words when it cannot work. */
  'brackets.templates.save': exitTemplate,
  'brackets.templates.delete': z.object({ id: templateId }).strict(),
  /**
   * Send an entry order with an exit template: every fill of it gets its own targets and stop.
   * The order fields are orders.place's, checked the same way (confirmation included).
   */
  'brackets.place': z
    .object({
      templateId,
      symbol,
      side: z.enum(SIDES),
      type: z.enum(ORDER_TYPES),
      qty: decimal,
      limitPrice: decimal.optional(),
      triggerPrice: decimal.optional(),
      tif: z.enum(TIMES_IN_FORCE).default('GTC'),
      expireAt: z.number().int().positive().optional(),
      postOnly: z.boolean().optional(),
      protocol: z.enum(['auto', 'ws', 'fix', 'rest']).default('auto'),
      confirmed: z.boolean().default(false),
    })
    .strict(),
  /**
   * A chase order: a limit that follows the touch (joins the bid for a buy, the ask for a sell, or
   * sits offsetTicks behind it) until filled, and stops chasing beyond maxChaseTicks from its start.
   */
  'brackets.chase': z
    .object({
      symbol,
      side: z.enum(SIDES),
      qty: decimal,
      offsetTicks: z.number().int().min(0).max(10_000).default(0),
      maxChaseTicks: z.number().int().min(1).max(100_000),
      protocol: z.enum(['auto', 'ws', 'fix', 'rest']).default('auto'),
      confirmed: z.boolean().default(false),
    })
    .strict(),
} as const

export interface ChaseView {
  clOrdId: string
  symbol: string
  side: 'buy' | 'sell'
  qty: string
  filledQty: string
  startPrice: string
  /** where it rests now */
  price: string
  maxChaseTicks: number
  /** how many times it was moved */
  moves: number
  /** chasing; stopped (beyond its max chase, or a move refused: it rests); filled; done (ended unfilled) */
  state: 'chasing' | 'stopped' | 'filled' | 'done'
}

export type ExitTemplateView = Omit<z.output<typeof exitTemplate>, 'id'> & { id: string }

/** Where a protection lives: an order resting at Kraken works without Trident; the rest needs it running. */
export type ProtectionPlace = 'at Kraken' | 'in Trident'

export interface BracketLegView {
  role: 'target' | 'stop'
  /** 1.. for targets, 0 for the stop */
  n: number
  /** null until the order service minted it */
  clOrdId: string | null
  side: 'buy' | 'sell'
  type: string
  price: string | null
  trigger: string | null
  qty: string
  filledQty: string
  /** the order's state, or "not sent" */
  state: string
  lives: ProtectionPlace
}

export interface BracketView {
  id: string
  qty: string
  entryPrice: string
  phase: 'working' | 'done'
  legs: BracketLegView[]
  /** every protection of this bracket and where it lives, in words */
  protections: { what: string; where: ProtectionPlace }[]
}

export interface BracketEntryView {
  entryClOrdId: string
  symbol: string
  side: 'buy' | 'sell'
  template: string
  /** the entry order's state and filled quantity */
  state: string
  filledQty: string
  brackets: BracketView[]
}

export interface BracketsView {
  templates: ExitTemplateView[]
  entries: BracketEntryView[]
  /** chase orders of this session (client-managed: they follow the touch only while Trident runs) */
  chases: ChaseView[]
}

export interface BracketCommandResults {
  'brackets.templates.save': ExitTemplateView
  'brackets.templates.delete': { ok: true }
  'brackets.place': PlaceResult
  'brackets.chase': PlaceResult
}

export const bracketsTopicSchemas = {
  /** Exit templates, and every entry placed with one, its brackets grouped under it, leg by leg. */
  brackets: z.object({}).strict(),
} as const

export interface BracketTopicMessages {
  brackets: BracketsView
}

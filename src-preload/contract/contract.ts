import { z } from 'zod'
import { decimal, symbol } from './fields'
import type {
  AlertsView,
  AppInfo,
  BookView,
  KeymapView,
  L3BookView,
  CandlesView,
  ConnectionsView,
  NoticesView,
  OrdersView,
  PlaceResult,
  PositionsView,
  ProfilesView,
  ProfileView,
  LatencyView,
  RateLimitsView,
  RiskView,
  TradesView,
  WorkspaceView,
} from './types'
import { LINK_COLORS, PANEL_KINDS } from './types'
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE } from '../../src-domain/orders'
import { TRIGGER_SIGNALS } from '../../src-domain/derivatives'
import {
  bracketsCommandSchemas,
  bracketsTopicSchemas,
  type BracketCommandResults,
  type BracketTopicMessages,
} from './brackets'
import {
  recordingCommandSchemas,
  recordingTopicSchemas,
  type RecordingCommandResults,
  type RecordingTopicMessages,
} from './recording'
import {
  derivativesCommandSchemas,
  derivativesTopicSchemas,
  type DerivativesCommandResults,
  type DerivativesTopicMessages,
} from './derivatives'
import {
  replayCommandSchemas,
  replayTopicSchemas,
  type ReplayCommandResults,
  type ReplayTopicMessages,
} from './replay'

/**
 * The one typed contract between renderer and main (cf. GitHub Desktop's ipc-shared.ts):
 * each command and topic is declared once, with a runtime schema for what crosses the boundary
 * into main. Main validates every payload against these schemas; both sides derive their types
 * from the same maps so a channel cannot drift.
 */

const protocol = z.enum(['auto', 'ws', 'fix', 'rest']).default('auto')
const clOrdId = z.string().min(1).max(64)
const profileId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'profile id: lower-case letters, digits and dashes')
/** wss/https anywhere; plain ws/http only on loopback (a local simulator) */
const endpointUrl = z
  .string()
  .max(200)
  .regex(
    /^(wss|https):\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\w./-]*)?$|^(ws|http):\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/[\w./-]*)?$/,
    'must be a wss:// or https:// address (ws:// and http:// only on 127.0.0.1)',
  )
/** API keys and secrets: base64-ish text, never echoed back to any renderer */
const secretText = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[A-Za-z0-9+/=_-]+$/, 'must be the key exactly as Kraken shows it (letters, digits, + / =)')

/** "main" or a pop-out's id ("w1" …) */
const windowId = z
  .string()
  .max(16)
  .regex(/^(main|w[0-9]{1,6})$/, 'window id must be "main" or like "w3"')
/** Screen pixels; a window 16k wide or at -100k is not a real window. */
const bounds = z
  .object({
    x: z.number().int().min(-100_000).max(100_000),
    y: z.number().int().min(-100_000).max(100_000),
    width: z.number().int().min(1).max(16_384),
    height: z.number().int().min(1).max(16_384),
  })
  .strict()
const panelSpec = z
  .object({
    id: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[a-z]+-[a-z0-9]{1,12}$/, 'panel id like "ladder-3"'),
    kind: z.enum(PANEL_KINDS),
    symbol: symbol.optional(),
    link: z.enum(LINK_COLORS).nullable().optional(),
  })
  .strict()
/** A docking layout is the window's own JSON (dockview); main stores it but bounds its size. */
const MAX_DOCK_JSON = 64 * 1024
const dockJson = z
  .record(z.string(), z.unknown())
  .refine((v) => JSON.stringify(v).length <= MAX_DOCK_JSON, 'layout is larger than 64 KiB')
const workspaceName = z
  .string()
  .trim()
  .min(1, 'give the workspace a name')
  .max(40)
  .regex(/^[\p{L}\p{N} ._-]+$/u, 'letters, digits, spaces, dots, dashes and underscores only')

export const commandSchemas = {
  /** Who am I talking to: host, venue, instruments. */
  'app.info': z.object({}).strict(),
  /** Send the order the ticket or ladder shows. Above the confirmation threshold main answers { confirm }. */
  'orders.place': z
    .object({
      symbol,
      side: z.enum(SIDES),
      type: z.enum(ORDER_TYPES),
      qty: decimal,
      limitPrice: decimal.optional(),
      triggerPrice: decimal.optional(),
      displayQty: decimal.optional(),
      tif: z.enum(TIMES_IN_FORCE).default('GTC'),
      expireAt: z.number().int().positive().optional(),
      postOnly: z.boolean().optional(),
      /**
       * only ever reduce the position: Trident enforces it on spot cash orders (never sent to
       * Kraken there); on derivatives and spot margin orders it is sent as Kraken's `reduce_only`
       */
      reduceOnly: z.boolean().optional(),
      /** derivatives trigger orders: the price the trigger watches (Kraken's default: last) */
      triggerSignal: z.enum(TRIGGER_SIGNALS).optional(),
      /**
       * spot margin: the leverage to borrow at ("2" … "5", Kraken's REST `leverage`); absent is a
       * cash order. Derivatives take their leverage from the market's preference instead.
       */
      leverage: z.enum(['2', '3', '4', '5']).optional(),
      protocol,
      confirmed: z.boolean().default(false),
    })
    .strict(),
  'orders.amend': z
    .object({
      clOrdId,
      qty: decimal.optional(),
      limitPrice: decimal.optional(),
      triggerPrice: decimal.optional(),
      protocol,
    })
    .strict(),
  'orders.cancel': z.object({ clOrdId, protocol }).strict(),
  /** Cancel every working order of one instrument, or of all when no symbol is given. */
  'orders.cancelAll': z.object({ symbol: symbol.optional() }).strict(),
  /** Engage: cancel everything on every protocol and refuse new orders until disengaged. */
  'risk.killSwitch': z.object({ engaged: z.boolean() }).strict(),
  /** The trader's risk limits (for every instrument); main enforces them on every order. */
  'risk.setLimits': z
    .object({
      maxOrderQty: decimal,
      maxNotional: decimal,
      priceBandPct: decimal,
      maxOpenOrders: z.number().int().min(0).max(10_000),
      maxPosition: decimal,
      confirmAbove: decimal,
      /** the same order again within this many ms asks for confirmation; 0: off; absent: 2000 */
      duplicateWindowMs: z.number().int().min(0).max(60_000).optional(),
      /** derivatives (absent: no limit of that kind) */
      maxContracts: decimal.optional(),
      maxContractNotional: decimal.optional(),
      maxLeverage: decimal.optional(),
      liquidationWarnPct: decimal.optional(),
    })
    .strict(),
  /** A price alert, checked in main against the live mid. */
  'alerts.add': z.object({ symbol, op: z.enum(['above', 'below']), price: decimal }).strict(),
  'alerts.remove': z.object({ id: z.number().int().positive() }).strict(),
  // firedAt: the firing the trader re-arms (its triggeredAt as shown), so a second click, a held
  // Enter or another window's re-arm of a firing already re-armed does nothing
  'alerts.rearm': z
    .object({ id: z.number().int().positive(), firedAt: z.number().int().optional() })
    .strict(),
  'alerts.clearFired': z.object({}).strict(),
  /** Unpin notices from the strip (they stay in the notices log); no ids: every pinned one. */
  'notices.dismiss': z.object({ ids: z.array(z.number().int().positive()).max(1000).optional() }).strict(),
  /** Replace the trader's keymap (main refuses unknown actions and conflicting keys); stored for every window. */
  'keymap.set': z
    .object({ bindings: z.record(z.string().max(60), z.array(z.string().min(1).max(40)).max(4)) })
    .strict(),
  'keymap.reset': z.object({}).strict(),
  /** Dead-man switch: Kraken cancels everything unless main re-arms it within timeoutSec; 0 disarms. */
  'risk.deadman': z.object({ timeoutSec: z.number().int().min(0).max(3600) }).strict(),
  /**
   * Create or update a credential profile. Secrets go to the OS keychain in main and are never
   * sent back; leave them out to keep the ones already saved.
   */
  'profiles.save': z
    .object({
      id: profileId,
      name: z.string().min(1).max(60),
      kind: z.enum(['kraken', 'custom']),
      tier: z.enum(['starter', 'intermediate', 'pro']).default('starter'),
      endpoints: z
        .object({
          rest: endpointUrl,
          wsPublic: endpointUrl,
          wsPrivate: endpointUrl,
          wsL3: endpointUrl.optional(),
          fix: z
            .object({
              host: z
                .string()
                .min(1)
                .max(120)
                .regex(/^[A-Za-z0-9.-]+$/),
              port: z.number().int().min(1).max(65535),
              senderCompId: z
                .string()
                .min(1)
                .max(64)
                .regex(/^[A-Za-z0-9_-]+$/),
              targetCompId: z
                .string()
                .min(1)
                .max(64)
                .regex(/^[A-Za-z0-9_-]+$/)
                .optional(),
            })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
      apiKey: secretText.optional(),
      apiSecret: secretText.optional(),
      fixApiKey: secretText.optional(),
      fixApiSecret: secretText.optional(),
    })
    .strict(),
  /** Forget a profile and delete its secrets from the keychain. */
  'profiles.delete': z.object({ id: profileId }).strict(),
  /** Trade on this profile from the next start (endpoints and credentials change, nothing else). */
  'profiles.activate': z.object({ id: profileId }).strict(),
  /** Try the profile's saved keys against its venue now and say what the venue answered. */
  'profiles.check': z.object({ id: profileId }).strict(),
  /**
   * Create or update a replay profile (practice mode): the built-in exchange replaying a recording
   * that main lists (by name: a window never names a file), from a start time, at a speed.
   */
  'profiles.saveReplay': z
    .object({
      id: profileId,
      name: z.string().min(1).max(80),
      recording: z.string().min(1).max(200),
      startNs: z
        .string()
        .regex(/^\d{1,20}$/, 'start: nanoseconds since 1970, digits only')
        .optional(),
      speed: z.union([z.literal(1), z.literal(2), z.literal(10), z.literal('max')]).optional(),
    })
    .strict(),
  /** A window reports its layout (after a change, debounced) and where it is on screen. */
  'workspace.report': z
    .object({
      windowId,
      dock: dockJson.optional(),
      bounds: bounds.optional(),
      screen: bounds.optional(),
      /** ids of incoming (docked-back) panels the window has now placed */
      placed: z.array(z.string().max(40)).max(50).optional(),
      /** the layout revision `dock` was made on: a layout made before a workspace load is stale */
      rev: z.number().int().nonnegative().optional(),
    })
    .strict(),
  /** Move panels into a new window. The host opens it, or says the caller must (a browser). */
  'workspace.popOut': z
    .object({ panels: z.array(panelSpec).min(1).max(20), bounds: bounds.optional() })
    .strict(),
  /** A pop-out closes; its panels go back to the main window when `dockBack` lists them. */
  'workspace.closeWindow': z.object({ windowId, dockBack: z.array(panelSpec).max(50).optional() }).strict(),
  /** Show this instrument in every panel of the link group, in every window. */
  'workspace.link': z.object({ color: z.enum(LINK_COLORS), symbol }).strict(),
  /** Save the workspace as it is now (every window, its layout, position, size and monitor). */
  'workspace.save': z.object({ name: workspaceName }).strict(),
  /** Replace the open windows with a saved workspace. */
  'workspace.load': z.object({ name: workspaceName }).strict(),
  'workspace.delete': z.object({ name: workspaceName }).strict(),
  ...recordingCommandSchemas,
  ...replayCommandSchemas,
  ...bracketsCommandSchemas,
  ...derivativesCommandSchemas,
} as const

export interface CommandResults
  extends RecordingCommandResults, ReplayCommandResults, BracketCommandResults, DerivativesCommandResults {
  'app.info': AppInfo
  'orders.place': PlaceResult
  'orders.amend': { ok: true }
  'orders.cancel': { ok: true }
  'orders.cancelAll': { count: number }
  'risk.killSwitch': RiskView
  'risk.deadman': RiskView
  'risk.setLimits': RiskView
  'alerts.add': AlertsView
  'alerts.remove': AlertsView
  'alerts.rearm': AlertsView
  'alerts.clearFired': AlertsView
  'notices.dismiss': NoticesView
  'keymap.set': KeymapView
  'keymap.reset': KeymapView
  'profiles.save': ProfileView
  'profiles.delete': ProfilesView
  'profiles.activate': ProfilesView
  'profiles.check': ProfileView
  'profiles.saveReplay': ProfileView
  'workspace.report': { ok: true }
  'workspace.popOut': { windowId: string; openedByHost: boolean }
  'workspace.closeWindow': { ok: true }
  'workspace.link': { ok: true }
  'workspace.save': { saved: string[] }
  'workspace.load': { ok: true }
  'workspace.delete': { saved: string[] }
}

export const topicSchemas = {
  /** L2 book of one instrument, coalesced to at most one message per frame per window. */
  book: z.object({ symbol, depth: z.union([z.literal(10), z.literal(25)]).default(25) }).strict(),
  /** Health of every venue link (REST, WS, FIX). */
  connections: z.object({}).strict(),
  /** Load on Kraken's rate counters (REST and per-pair trading). */
  rateLimits: z.object({}).strict(),
  /**
   * Orders: "working" (the ladder's "Mine" column, the order keys) carries only working orders;
   * "all" adds order history and fills (blotter, chart marks, fill alerts), which are large, so a
   * window without such a panel never receives them.
   */
  orders: z.object({ scope: z.enum(['working', 'all']).default('all') }).strict(),
  positions: z.object({}).strict(),
  risk: z.object({}).strict(),
  /** Refusals and notes the trader must see (newest last). */
  notices: z.object({}).strict(),
  /** Price alerts and whether they fired. */
  alerts: z.object({}).strict(),
  /** The trader's keymap, the same in every window. */
  keymap: z.object({}).strict(),
  /** Credential profiles (no secrets) and which one is traded on. */
  profiles: z.object({}).strict(),
  /** Order-by-order (Kraken level3) book of an instrument: every resting order, queue order kept. */
  'book.l3': z.object({ symbol }).strict(),
  /** Time and sales: the latest public trades of an instrument. */
  trades: z.object({ symbol }).strict(),
  /** OHLC candles of an instrument (interval in minutes). */
  candles: z
    .object({
      symbol,
      interval: z
        .union([z.literal(1), z.literal(5), z.literal(15), z.literal(60), z.literal(240), z.literal(1440)])
        .default(1),
    })
    .strict(),
  /** The workspace as this window sees it; subscribing is how a window says it is open. */
  workspace: z.object({ windowId }).strict(),
  /** When the latest orders' bytes reached the venue socket (the latency HUD). */
  latency: z.object({}).strict(),
  ...recordingTopicSchemas,
  ...replayTopicSchemas,
  ...bracketsTopicSchemas,
  ...derivativesTopicSchemas,
} as const

export interface TopicMessages
  extends RecordingTopicMessages, ReplayTopicMessages, BracketTopicMessages, DerivativesTopicMessages {
  book: BookView
  connections: ConnectionsView
  rateLimits: RateLimitsView
  orders: OrdersView
  positions: PositionsView
  risk: RiskView
  notices: NoticesView
  trades: TradesView
  candles: CandlesView
  alerts: AlertsView
  'book.l3': L3BookView
  keymap: KeymapView
  profiles: ProfilesView
  workspace: WorkspaceView
  latency: LatencyView
}

export type CommandName = keyof typeof commandSchemas
export type TopicName = keyof typeof topicSchemas
export type CommandRequest<K extends CommandName> = z.input<(typeof commandSchemas)[K]>
/** What a handler in main receives: the payload after its schema checked it and filled defaults. */
export type ParsedCommand<K extends CommandName> = z.output<(typeof commandSchemas)[K]>
export type CommandResult<K extends CommandName> = CommandResults[K]
export type TopicParams<K extends TopicName> = z.input<(typeof topicSchemas)[K]>
export type ParsedTopicParams<K extends TopicName> = z.output<(typeof topicSchemas)[K]>
export type TopicMessage<K extends TopicName> = TopicMessages[K]

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandSchemas, name)
}

export function isTopicName(name: string): name is TopicName {
  return Object.prototype.hasOwnProperty.call(topicSchemas, name)
}

/**
 * The same schemas, typed as "name K → schema of exactly K's payload". Main parses through these
 * with a generic name, so a handler receives ParsedCommand<K> with no cast between the frame and
 * the handler (the shape GitHub Desktop's ipc-shared.ts gives its channels).
 */
export const commandSchemaMap: { readonly [K in CommandName]: z.ZodType<ParsedCommand<K>> } = commandSchemas
export const topicSchemaMap: { readonly [K in TopicName]: z.ZodType<ParsedTopicParams<K>> } = topicSchemas

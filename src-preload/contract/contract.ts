import { z } from 'zod'
import type { AppInfo, BookView, ConnectionsView, RateLimitsView } from './types'

/**
 * The one typed contract between renderer and main (cf. GitHub Desktop's ipc-shared.ts):
 * each command and topic is declared once, with a runtime schema for what crosses the boundary
 * into main. Main validates every payload against these schemas; both sides derive their types
 * from the same maps so a channel cannot drift.
 */

const symbol = z
  .string()
  .min(3)
  .max(32)
  .regex(/^[A-Z0-9]{1,16}\/[A-Z0-9]{1,16}$/, 'symbol must look like BTC/USD')

export const commandSchemas = {
  /** Who am I talking to: host, venue, instruments. */
  'app.info': z.object({}).strict(),
} as const

export interface CommandResults {
  'app.info': AppInfo
}

export const topicSchemas = {
  /** L2 book of one instrument, coalesced to at most one message per frame per window. */
  book: z.object({ symbol, depth: z.union([z.literal(10), z.literal(25)]).default(25) }).strict(),
  /** Health of every venue link (REST, WS, FIX). */
  connections: z.object({}).strict(),
  /** Load on Kraken's rate counters (REST and per-pair trading). */
  rateLimits: z.object({}).strict(),
} as const

export interface TopicMessages {
  book: BookView
  connections: ConnectionsView
  rateLimits: RateLimitsView
}

export type CommandName = keyof typeof commandSchemas
export type TopicName = keyof typeof topicSchemas
export type CommandRequest<K extends CommandName> = z.input<(typeof commandSchemas)[K]>
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

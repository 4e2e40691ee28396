import { z } from 'zod'
import type { BridgeErrorShape } from './types'

/**
 * Frames carried by every transport (Electron MessagePort, loopback WebSocket). The same frames on
 * both means the same main-side code validates and dispatches them whatever the host.
 */

/** Largest frame main accepts from a renderer; anything larger is a bug or an attack. */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

export const clientFrameSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('cmd'), id, name: z.string().max(64), payload: z.unknown() }).strict(),
  z.object({ k: z.literal('sub'), id, topic: z.string().max(64), params: z.unknown() }).strict(),
  z.object({ k: z.literal('unsub'), id }).strict(),
])

export type ClientFrame = z.infer<typeof clientFrameSchema>

export type ServerFrame =
  | { k: 'res'; id: number; ok: true; result: unknown }
  | { k: 'res'; id: number; ok: false; error: BridgeErrorShape }
  | { k: 'topic'; id: number; data: unknown }
  /** a subscription main had to end (bad params, source gone) */
  | { k: 'end'; id: number; error: BridgeErrorShape }

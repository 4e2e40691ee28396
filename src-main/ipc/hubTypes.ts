import type {
  CommandName,
  CommandResult,
  ParsedCommand,
  ParsedTopicParams,
  TopicMessage,
  TopicName,
} from '../../src-preload/contract/contract'
import type { ServerFrame } from '../../src-preload/contract/wire'

/*
 * The types the hub and its sessions share. A session knows its hub only as a SessionHost, so
 * the two files do not import each other.
 */

/** One connected renderer window, whatever the transport. */
export interface SessionTransport {
  send(frame: ServerFrame): void
  /** true while the transport has a backlog; the hub then holds (and coalesces) topic messages */
  isCongested(): boolean
  /** who is on the other end, for the audit log (e.g. "electron window 2", "loopback 127.0.0.1:51234") */
  who?: string
}

/** One command as the audit log keeps it: who, when, what (validated payload) and what came of it. */
export interface CommandRecord {
  at: number
  who: string
  command: CommandName
  payload: unknown
  outcome: string
}

/** A command's handler gets the payload its schema produced (defaults filled): no casts at the seam. */
export type CommandHandler<K extends CommandName> = (
  payload: ParsedCommand<K>,
) => CommandResult<K> | Promise<CommandResult<K>>

export type CommandHandlers = { [K in CommandName]: CommandHandler<K> }

/** A topic source: acquire per subscription (reference counted by the source), read latest state. */
export interface TopicSource<K extends TopicName> {
  /** Returns the key this subscription listens on and a release function. Throws for bad params. */
  acquire(params: ParsedTopicParams<K>): { key: string; release: () => void }
  /** Latest message for a key, or undefined while there is nothing to show yet. */
  latest(key: string): TopicMessage<K> | undefined
}

export type TopicSources = { [K in TopicName]: TopicSource<K> }

/** What a session needs of its hub. */
export interface SessionHost {
  handler<K extends CommandName>(name: K): CommandHandler<K> | undefined
  source<K extends TopicName>(topic: K): TopicSource<K> | undefined
  audit(r: CommandRecord): void
  log(msg: string): void
  scheduleFlush(urgent?: boolean): void
  closed(s: unknown): void
  /** a topic message went to a window (resolves `StreamHub.firstDelivered`) */
  delivered(topic: TopicName): void
}

export class RefusedError extends Error {
  override readonly name = 'RefusedError'
}

import type {
  CommandName,
  CommandRequest,
  CommandResult,
  TopicMessage,
  TopicName,
  TopicParams,
} from './contract'
import type { HostKind } from './types'

/**
 * What the renderer sees of main: the preload exposes this as `window.trident` in Electron, and
 * the loopback bridge client implements the same interface over a WebSocket.
 */
export interface TridentBridge {
  readonly host: HostKind
  invoke<K extends CommandName>(name: K, payload: CommandRequest<K>): Promise<CommandResult<K>>
  /** Returns a function that ends the subscription. */
  subscribe<K extends TopicName>(
    topic: K,
    params: TopicParams<K>,
    onMessage: (message: TopicMessage<K>) => void,
    onEnd?: (error: { code: string; message: string }) => void,
  ): () => void
}

export class BridgeError extends Error {
  override readonly name = 'BridgeError'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

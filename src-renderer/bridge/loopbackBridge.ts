import { BridgeClient } from '../../src-preload/contract/BridgeClient'
import {
  BRIDGE_PROTOCOL,
  LOOPBACK_BRIDGE_PATH,
  TOKEN_CHECK_PATH,
  TOKEN_HEADER,
  TOKEN_PROTOCOL_PREFIX,
} from '../../src-preload/contract/channels'
import type { ServerFrame } from '../../src-preload/contract/wire'
import { mark, START_MARKS, startWatch } from './startMarks'

export type BridgeLinkState = 'connecting' | 'open' | 'closed' | 'no-token' | 'bad-token'

export const BAD_TOKEN_WORDS = "This link's token is wrong or expired — open the URL Trident printed"

/**
 * Whether the host refused us for our token. A browser never shows a page why a WebSocket was
 * refused, so after a refusal we ask: 401 means the token (stop retrying and say so); anything
 * else — host down, restarting — means keep trying.
 */
async function tokenRefused(token: string): Promise<boolean> {
  try {
    const r = await fetch(TOKEN_CHECK_PATH, { headers: { [TOKEN_HEADER]: token }, cache: 'no-store' })
    return r.status === 401
  } catch {
    return false
  }
}

const TOKEN_KEY = 'trident.bridgeToken'

/** The token this page connected with (a pop-out window is handed the same one). */
export function currentToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY)
}

/** The per-launch token arrives in the URL fragment (never sent to a server); keep it for reloads. */
export function takeToken(): string | null {
  const m = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash)
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1])
    // Remove it from the address bar so it is not shared by a screenshot or a copied link.
    history.replaceState(null, '', window.location.pathname + window.location.search)
    return m[1]
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

/**
 * The contract over the loopback host's WebSocket. Reconnects with backoff; the BridgeClient
 * re-sends live subscriptions, so panels resume by themselves after the core restarts.
 */
export function createLoopbackBridge(onState: (s: BridgeLinkState, detail: string) => void): BridgeClient {
  const client = new BridgeClient('loopback')
  const token = takeToken()
  if (!token) {
    onState('no-token', 'Open Trident with the link printed by `npm start` (it carries the access token).')
    return client
  }
  let attempt = 0
  const watch = startWatch()
  const connect = (): void => {
    onState(
      'connecting',
      attempt === 0 ? 'Connecting to Trident core' : `Reconnecting to Trident core (attempt ${attempt})`,
    )
    const ws = new WebSocket(`ws://${window.location.host}${LOOPBACK_BRIDGE_PATH}`, [
      BRIDGE_PROTOCOL,
      TOKEN_PROTOCOL_PREFIX + token,
    ])
    let opened = false
    ws.onopen = () => {
      opened = true
      attempt = 0
      mark(START_MARKS.bridgeOpen)
      onState('open', 'Connected to Trident core')
      client.connect((frame) => {
        watch.sent(frame)
        ws.send(JSON.stringify(frame))
      })
    }
    ws.onmessage = (e: MessageEvent<string>) => {
      try {
        const frame = JSON.parse(e.data) as ServerFrame
        watch.received?.(frame)
        client.receive(frame)
      } catch {
        // a frame main did not build; ignore rather than break every panel
      }
    }
    ws.onclose = () => {
      client.disconnect('Connection to Trident core lost')
      if (!opened)
        void tokenRefused(token).then((bad) => (bad ? onState('bad-token', BAD_TOKEN_WORDS) : retry()))
      else retry()
    }
    const retry = (): void => {
      attempt++
      const delay = Math.min(5000, 200 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2)
      onState('closed', `Lost connection to Trident core; retrying in ${(delay / 1000).toFixed(1)} s`)
      setTimeout(connect, delay)
    }
  }
  connect()
  return client
}

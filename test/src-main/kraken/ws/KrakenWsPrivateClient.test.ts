import type { IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { KrakenWsPrivateClient } from '../../../../src-main/kraken/ws/KrakenWsPrivateClient'
import { until } from '../../../helpers/until'

let cleanup: (() => void) | null = null
afterEach(() => {
  cleanup?.()
  cleanup = null
})

describe('KrakenWsPrivateClient: the trading socket', () => {
  it('offers no permessage-deflate, even to a server that would take it: an order frame never waits for zlib', async () => {
    // a server that compresses whenever the client asks (ws's option, every size)
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: { threshold: 0 } })
    await new Promise((r) => wss.once('listening', r))
    const offered: (string | undefined)[] = []
    wss.on('connection', (_sock, req: IncomingMessage) =>
      offered.push(req.headers['sec-websocket-extensions']),
    )
    const port = (wss.address() as { port: number }).port
    const ws = new KrakenWsPrivateClient({
      url: `ws://127.0.0.1:${port}`,
      getToken: () => Promise.resolve('tok'),
      onExecution: () => {},
      random: () => 0,
    })
    cleanup = () => {
      ws.stop()
      wss.close()
    }
    ws.start()
    await until(() => offered.length > 0, 'the client connected')
    expect(offered).toEqual([undefined])
  })
})

import { contextBridge, ipcRenderer } from 'electron'
import { BridgeClient } from './contract/BridgeClient'
import type { TridentBridge } from './contract/api'
import { IPC_CONNECT, IPC_PORT } from './contract/channels'
import type { ServerFrame } from './contract/wire'

/**
 * Preload (sandboxed): asks main for a MessagePort and exposes the contract as `window.trident`.
 * Only the four contract functions cross into the page; no ipcRenderer, no Node.
 */
const client = new BridgeClient('electron')

ipcRenderer.once(IPC_PORT, (event) => {
  const port = event.ports[0]
  if (!port) return
  port.onmessage = (e: MessageEvent<ServerFrame>) => client.receive(e.data)
  client.connect((frame) => port.postMessage(frame))
})
ipcRenderer.send(IPC_CONNECT)

const api: TridentBridge = {
  host: 'electron',
  invoke: (name, payload) => client.invoke(name, payload),
  subscribe: (topic, params, onMessage, onEnd) => client.subscribe(topic, params, onMessage, onEnd),
}

contextBridge.exposeInMainWorld('trident', api)

/** Electron IPC channels: the renderer asks for a port on CONNECT, main answers on PORT. Nothing else. */
export const IPC_CONNECT = 'trident:connect'
export const IPC_PORT = 'trident:port'

/** Loopback bridge: WebSocket path and subprotocols (the token rides as a second subprotocol). */
export const LOOPBACK_BRIDGE_PATH = '/bridge'
export const BRIDGE_PROTOCOL = 'trident.v1'
export const TOKEN_PROTOCOL_PREFIX = 'trident-token.'

/**
 * Where the page asks, after its bridge was refused, whether its token is the reason (browsers do
 * not show a page why a WebSocket was refused), and the header carrying the token. Named once
 * here: the host answering (accessPolicy.ts) and the page asking (loopbackBridge.ts) must agree.
 */
export const TOKEN_CHECK_PATH = '/bridge-token'
export const TOKEN_HEADER = 'x-trident-token'

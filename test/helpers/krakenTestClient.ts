import { createHash, createHmac } from 'node:crypto'
import { parse } from 'lossless-json'
import WebSocket from 'ws'

/**
 * A minimal Kraken client for tests, written independently of both the simulator and the app's
 * adapter (signing follows Kraken's documented algorithm directly).
 */

export type KrakenReply = { error: string[]; result?: Record<string, unknown> }

export function sign(path: string, nonce: string, body: string, secretB64: string): string {
  const inner = createHash('sha256')
    .update(nonce + body)
    .digest()
  return createHmac('sha512', Buffer.from(secretB64, 'base64'))
    .update(Buffer.concat([Buffer.from(path), inner]))
    .digest('base64')
}

let lastNonce = Date.now() * 1000
export const nextNonce = (): string => String(++lastNonce)

export async function publicCall(
  base: string,
  method: string,
  query: Record<string, string> = {},
): Promise<KrakenReply> {
  const res = await fetch(`${base}/0/public/${method}?${new URLSearchParams(query)}`)
  return (await res.json()) as KrakenReply
}

export async function privateCall(
  base: string,
  cred: { apiKey: string; apiSecret: string },
  method: string,
  params: Record<string, string> = {},
  opts: { json?: boolean; nonce?: string; signature?: string } = {},
): Promise<KrakenReply> {
  const path = `/0/private/${method}`
  const nonce = opts.nonce ?? nextNonce()
  const body = opts.json
    ? JSON.stringify({ nonce, ...params })
    : new URLSearchParams({ nonce, ...params }).toString()
  const res = await fetch(base + path, {
    method: 'POST',
    headers: {
      'API-Key': cred.apiKey,
      'API-Sign': opts.signature ?? sign(path, nonce, body, cred.apiSecret),
      'Content-Type': opts.json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body,
  })
  return (await res.json()) as KrakenReply
}

export type Msg = Record<string, unknown>

/** WS v2 trading fields Kraken types as floats (docs.kraken.com/api/docs/websocket-v2/add_order etc.). */
const FLOAT_FIELDS = new Set(['order_qty', 'limit_price', 'display_qty', 'cash_order_qty', 'trigger_price'])

/**
 * A WS v2 request as Kraken wants it typed: a float field given as decimal text ("0.01") is
 * written as the number token 0.01, digit for digit (Kraken refuses the string with
 * "Order_qty field must be a number_float"). So is `price` inside `triggers`.
 */
export function wsRequestText(m: unknown, key = '', parent = ''): string {
  const float = FLOAT_FIELDS.has(key) || (parent === 'triggers' && key === 'price')
  if (float && typeof m === 'string' && /^-?\d+(\.\d+)?$/.test(m)) return m
  if (Array.isArray(m)) return `[${m.map((v) => wsRequestText(v, '', key)).join(',')}]`
  if (m !== null && typeof m === 'object') {
    const parts = Object.entries(m)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${wsRequestText(v, k, key)}`)
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(m)
}

/** A WS v2 session that records every frame (parsed losslessly) and can wait for one. */
export async function wsSession(url: string): Promise<{
  ws: WebSocket
  raw: string[]
  /** sends the request typed as Kraken wants it (see wsRequestText) */
  send: (m: unknown) => void
  /** sends these exact bytes (to test what the venue refuses) */
  sendText: (text: string) => void
  next: (pred?: (m: Msg) => boolean, timeoutMs?: number) => Promise<Msg>
  all: (pred: (m: Msg) => boolean) => Msg[]
  close: () => void
}> {
  const ws = new WebSocket(url)
  const raw: string[] = []
  const seen: Msg[] = []
  const consumed = new Set<Msg>()
  const waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = []
  ws.on('message', (d) => {
    raw.push(String(d))
    const m = parse(String(d), null, (s: string) => s) as Msg
    seen.push(m)
    for (const w of [...waiters]) {
      if (!consumed.has(m) && w.pred(m)) {
        consumed.add(m)
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  })
  await new Promise((r, j) => {
    ws.once('open', r)
    ws.once('error', j)
  })
  return {
    ws,
    raw,
    send: (m) => ws.send(wsRequestText(m)),
    sendText: (text) => ws.send(text),
    next: (pred = () => true, timeoutMs = 15_000) =>
      new Promise<Msg>((resolve, reject) => {
        const hit = seen.find((m) => !consumed.has(m) && pred(m))
        if (hit) {
          consumed.add(hit)
          return resolve(hit)
        }
        const timer = setTimeout(
          () => reject(new Error(`no matching WS message within ${timeoutMs} ms`)),
          timeoutMs,
        )
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(timer)
            resolve(m)
          },
        })
      }),
    all: (pred) => seen.filter(pred),
    close: () => ws.close(),
  }
}

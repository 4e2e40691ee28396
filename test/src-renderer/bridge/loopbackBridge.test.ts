import { afterEach, describe, expect, it, vi } from 'vitest'
import { BAD_TOKEN_WORDS, createLoopbackBridge } from '../../../src-renderer/bridge/loopbackBridge'

/** A socket the host refuses at once: it closes without ever opening. */
class RefusedSocket {
  static made = 0
  onopen: (() => void) | null = null
  onmessage: (() => void) | null = null
  onclose: (() => void) | null = null
  constructor() {
    RefusedSocket.made++
    queueMicrotask(() => this.onclose?.())
  }
}

function page(tokenStatus: number | 'down'): { states: string[]; details: string[] } {
  const store = new Map<string, string>()
  vi.stubGlobal('window', {
    location: { hash: '#token=abc', host: '127.0.0.1:1', pathname: '/', search: '' },
  })
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
  })
  vi.stubGlobal('history', { replaceState: () => undefined })
  vi.stubGlobal('WebSocket', RefusedSocket)
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: { headers: Record<string, string> }) => {
      expect(init.headers['x-trident-token']).toBe('abc')
      return tokenStatus === 'down'
        ? Promise.reject(new Error('refused'))
        : Promise.resolve({ status: tokenStatus })
    }),
  )
  const states: string[] = []
  const details: string[] = []
  createLoopbackBridge((s, d) => {
    states.push(s)
    details.push(d)
  })
  return { states, details }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  RefusedSocket.made = 0
})

describe('loopback bridge and a wrong token', () => {
  it('says the token is wrong and stops retrying when the host answers 401', async () => {
    vi.useFakeTimers()
    const { states, details } = page(401)
    await vi.waitFor(() => expect(states.at(-1)).toBe('bad-token'))
    expect(details.at(-1)).toBe("This link's token is wrong or expired — open the URL Trident printed")
    expect(BAD_TOKEN_WORDS).toBe(details.at(-1))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(RefusedSocket.made).toBe(1)
    expect(states).toEqual(['connecting', 'bad-token'])
  })
  it('keeps retrying when the host is down or restarting (not a token problem)', async () => {
    vi.useFakeTimers()
    const { states } = page('down')
    await vi.waitFor(() => expect(states.at(-1)).toBe('closed'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(RefusedSocket.made).toBeGreaterThan(1)
    expect(states).not.toContain('bad-token')
  })
})

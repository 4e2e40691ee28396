import { describe, expect, it } from 'vitest'
import {
  checkBridgeUpgrade,
  isAllowedOrigin,
  isLoopbackAddress,
  tokenFromProtocols,
  tokenMatches,
} from '../../../../src-main/hosts/loopback/accessPolicy'
import { resolveStatic } from '../../../../src-main/hosts/loopback/staticFiles'

describe('loopback access policy', () => {
  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true)
    for (const a of [undefined, '', '10.0.0.1', '192.168.1.2', '::ffff:10.0.0.1', '0.0.0.0', '1127.0.0.1']) {
      expect(isLoopbackAddress(a), String(a)).toBe(false)
    }
  })
  it('allows only our own origin', () => {
    expect(isAllowedOrigin('http://127.0.0.1:5000', 5000)).toBe(true)
    expect(isAllowedOrigin('http://localhost:5000', 5000)).toBe(true)
    for (const o of [
      undefined,
      'null',
      'http://127.0.0.1:5001',
      'https://127.0.0.1:5000',
      'http://127.0.0.1:5000.evil.com',
      'file://',
    ]) {
      expect(isAllowedOrigin(o, 5000), String(o)).toBe(false)
    }
  })
  it('reads the token only next to our protocol and compares exactly', () => {
    expect(tokenFromProtocols('trident.v1, trident-token.abc')).toBe('abc')
    expect(tokenFromProtocols('trident-token.abc')).toBeNull()
    expect(tokenFromProtocols(undefined)).toBeNull()
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches('ab', 'abc')).toBe(false)
    expect(tokenMatches(null, 'abc')).toBe(false)
  })
  it('checks address, host, origin and token in that order, failing closed', () => {
    const ok = {
      remoteAddress: '127.0.0.1',
      host: '127.0.0.1:80',
      origin: 'http://127.0.0.1:80',
      protocols: 'trident.v1, trident-token.t',
    }
    expect(checkBridgeUpgrade(ok, 80, 't')).toEqual({ ok: true })
    expect(checkBridgeUpgrade({ ...ok, remoteAddress: '10.1.1.1' }, 80, 't')).toMatchObject({
      ok: false,
      status: 403,
    })
    expect(checkBridgeUpgrade({ ...ok, host: 'attacker.example:80' }, 80, 't')).toMatchObject({
      ok: false,
      status: 403,
    })
    expect(checkBridgeUpgrade({ ...ok, origin: 'http://attacker.example' }, 80, 't')).toMatchObject({
      ok: false,
      status: 403,
    })
    expect(checkBridgeUpgrade({ ...ok, protocols: 'trident.v1' }, 80, 't')).toMatchObject({
      ok: false,
      status: 401,
    })
  })
  it('resolves static paths inside the renderer folder only', () => {
    expect(resolveStatic('/app/r', '/')).toBe('/app/r/index.html')
    expect(resolveStatic('/app/r', '/assets/a.js?v=1')).toBe('/app/r/assets/a.js')
    expect(resolveStatic('/app/r', '/../secrets')).toBeNull()
    expect(resolveStatic('/app/r', '/%2e%2e/secrets')).toBeNull()
    expect(resolveStatic('/app/r', '/a%00b')).toBeNull()
    expect(resolveStatic('/app/r', '/%E0%A4%A')).toBeNull()
  })
})

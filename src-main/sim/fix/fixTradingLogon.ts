/**
 * Kraken's signed Logon of a FIX trading session (logon-fix: 553 API key, 554 password, 5025
 * nonce, 8674 cancel-on-disconnect), as both of the built-in exchange's acceptors check it: the
 * spot one for TargetCompID KRAKEN-TRD and the derivatives one for KRAKEN-DRV-TRD. The
 * TargetCompID is part of the signed input, so it is a parameter here.
 */
import { timingSafeEqual } from 'node:crypto'
import type { KeyStore } from '../rest/auth'
import type { FixMessage } from './fixCodec'
import { fixLogonPassword } from './krakenFixDialect'

export interface TradingLogon {
  account: string
  /** false when the Logon asked 8674=1: an abrupt disconnect leaves the session's orders open */
  cancelOnDisconnect: boolean
}

/** Nonces of Logons: within 5 s of our clock and strictly increasing per key. */
export class LogonNonces {
  private readonly last = new Map<string, bigint>()

  constructor(private readonly now: () => number) {}

  /** null when acceptable (and then remembered), else the words of the refusal */
  check(apiKey: string, nonceText: string | undefined): string | null {
    if (!nonceText || !/^\d{1,19}$/.test(nonceText)) return 'Invalid nonce (5025)'
    const n = BigInt(nonceText)
    if (Math.abs(Number(n) - this.now()) > 5000) return 'Nonce (5025) not within 5 seconds of server time'
    if (n <= (this.last.get(apiKey) ?? 0n)) return 'Nonce (5025) must increase'
    this.last.set(apiKey, n)
    return null
  }
}

/** The account a Logon from `sender` to `target` signs for, or the words of its refusal. */
export function signedLogon(
  m: FixMessage,
  sender: string,
  target: string,
  keys: KeyStore,
  checkNonce: (apiKey: string, nonceText: string | undefined) => string | null,
): TradingLogon | string {
  const apiKey = m.get(553)
  const cred = apiKey ? keys.get(apiKey) : undefined
  if (!cred || !apiKey) return 'Invalid key (553)'
  const expected = fixLogonPassword(
    m.get(34) ?? '',
    sender,
    target,
    apiKey,
    m.get(5025) ?? '',
    cred.apiSecret,
  )
  const given = Buffer.from(m.get(554) ?? '')
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected)))
    return 'Invalid signature (554)'
  const nonceError = checkNonce(apiKey, m.get(5025))
  if (nonceError) return nonceError
  return { account: cred.account, cancelOnDisconnect: m.get(8674) !== '1' }
}

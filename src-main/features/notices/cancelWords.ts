import type { NoticeKind, Notice } from '../../../src-preload/contract/types'

/**
 * Why the venue ended an order the trader did not cancel, in a trader's words, from the reason
 * the venue gave (Kraken's WS v2 `cancel_reason`, FIX Text(58), REST `reason`). Null: the order
 * was replaced by an amend and lives on. Unknown reasons are passed on as the venue said them.
 */
export function cancelWords(
  reason: string | undefined,
): { text: string; level: Notice['level']; kind: NoticeKind } | null {
  const r = (reason ?? '').trim()
  const venue = (text: string) => ({ text, level: 'error' as const, kind: 'venue-cancel' as const })
  if (/order replaced/i.test(r)) return null
  if (/self.?trade/i.test(r))
    return venue('self-trade prevention — it would have traded against your own order')
  if (/post.?only/i.test(r))
    return venue('post-only — at that price it would have taken liquidity (crossed the book)')
  if (/reduce.?only/i.test(r)) return venue('reduce-only — it could have grown your position')
  if (/dead.?man|cancel all orders after/i.test(r))
    return venue('the dead-man switch fired (Trident did not re-arm it in time)')
  if (/disconnect/i.test(r)) return venue('cancel-on-disconnect — the connection to Kraken dropped')
  if (/GTD|expire.?time|order expired/i.test(r)) return venue('it reached its expiry time')
  if (/insufficient liquidity/i.test(r))
    return venue('not enough liquidity on the other side for the market order')
  if (/insufficient (funds|margin)/i.test(r)) return venue('not enough funds')
  if (/immediate or cancel|fill or kill|FOK|IOC/i.test(r))
    // the trader chose that time in force: said, but it rolls like a fill
    return {
      text: 'the part not filled at once was cancelled (immediate-or-cancel)',
      level: 'info',
      kind: 'note',
    }
  if (/user requested/i.test(r))
    return {
      text: 'cancelled outside this Trident (another session with these keys, or Kraken’s site)',
      level: 'warn',
      kind: 'venue-cancel',
    }
  return venue(r ? `Kraken said "${r}"` : 'Kraken gave no reason')
}

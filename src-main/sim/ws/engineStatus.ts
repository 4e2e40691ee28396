import type { Json } from './wsSession'

/**
 * What Kraken's engine refuses in each state, with Kraken's own error texts (REST and WS share
 * them: `EService:Market in cancel_only mode`, `EService:Market in post_only mode`,
 * `EService:Unavailable`; docs.kraken.com status channel: maintenance takes no orders and no
 * cancels, cancel_only takes cancels only, post_only takes post-only limit orders and cancels).
 * The exchange's own copy: it must not share the client's rules (core/orders/marketStatus), or
 * both could be wrong the same way.
 */
const NEW_ORDERS = new Set(['add_order', 'batch_add', 'amend_order', 'edit_order'])

function postOnlyLimit(o: unknown): boolean {
  const p = o as Json | null
  return p !== null && typeof p === 'object' && p.order_type === 'limit' && p.post_only === true
}

/** Kraken's refusal text for `method` in engine state `system`, or null when it goes through. */
export function engineRefusal(system: string, method: string, params: Json): string | null {
  if (system === 'online') return null
  if (system === 'maintenance') return 'EService:Unavailable'
  if (!NEW_ORDERS.has(method)) return null
  if (system === 'post_only') {
    if (method === 'add_order' && postOnlyLimit(params)) return null
    if (method === 'batch_add' && Array.isArray(params.orders) && params.orders.every(postOnlyLimit))
      return null
    if (method === 'amend_order' && params.post_only !== false) return null
    return 'EService:Market in post_only mode'
  }
  return 'EService:Market in cancel_only mode'
}

import type { Protocol, TrackedOrder } from './OrderTracker'

export interface Links {
  rest: boolean
  ws: boolean
  fix: boolean
}

export interface RouteContext {
  links: Links
  /** id of the FIX session up now, if any */
  fixSession: string | null
}

export type Route = { protocol: Protocol; note?: string } | { refused: string }

const NAME: Record<Protocol, string> = { rest: 'REST', ws: 'WebSocket', fix: 'FIX' }

/**
 * Picks the protocol for each action, and knows what each can reach: a FIX single cancel or
 * cancel-replace reaches only orders placed on the same FIX session, so those go over WS (or REST)
 * unless the trader forces FIX, which is then refused in words rather than sent to fail.
 * Defaults: place over WS; amend/cancel a FIX order over FIX (sequenced with its placement);
 * REST when nothing else is up. Pure.
 */
export class OrderRouter {
  place(ctx: RouteContext, override?: Protocol, order: { tif?: string; leverage?: string } = {}): Route {
    // Kraken's WS v2 add_order documents time_in_force gtc|gtd|ioc only; FOK is REST
    // (timeinforce=FOK, since 2026-05-12) and FIX (59=4)
    const fok = order.tif?.toUpperCase() === 'FOK'
    // spot margin: only REST's AddOrder carries the leverage level (WS v2 and FIX take margin on/off)
    if (order.leverage !== undefined) {
      if (override && override !== 'rest')
        return {
          refused: `A ${order.leverage}× margin order goes over REST: Kraken's ${NAME[override]} cannot carry the leverage level`,
        }
      return ctx.links.rest
        ? { protocol: 'rest' }
        : { refused: 'REST is not connected (margin orders need it)' }
    }
    if (override) {
      if (!ctx.links[override]) return { refused: `${NAME[override]} is not connected` }
      if (fok && override === 'ws')
        return {
          refused:
            'Kraken WebSocket v2 does not take fill-or-kill orders (only GTC, GTD and IOC). Send it over REST or FIX.',
        }
      return { protocol: override }
    }
    const p = ((fok ? ['fix', 'rest'] : ['ws', 'fix', 'rest']) as Protocol[]).find((x) => ctx.links[x])
    if (!p) return { refused: 'No connection to the venue is up' }
    return fok && ctx.links.ws
      ? {
          protocol: p,
          note: `Fill-or-kill goes over ${NAME[p]}: Kraken WebSocket v2 takes only GTC, GTD and IOC`,
        }
      : { protocol: p }
  }

  /** amend and cancel share one rule: FIX only for orders of the live FIX session. */
  modify(action: 'amend' | 'cancel', order: TrackedOrder, ctx: RouteContext, override?: Protocol): Route {
    const onThisFixSession =
      order.protocol === 'fix' && !!ctx.fixSession && order.fixSession === ctx.fixSession
    if (override) {
      if (!ctx.links[override]) return { refused: `${NAME[override]} is not connected` }
      if (override === 'fix' && !onThisFixSession) {
        const where = order.protocol === 'fix' ? 'an earlier FIX session' : NAME[order.protocol]
        return {
          refused: `FIX can ${action} only orders placed on this FIX session; ${order.clOrdId} was placed over ${where}. Use WebSocket or REST${action === 'cancel' ? ', or a FIX mass cancel' : ''}.`,
        }
      }
      return { protocol: override }
    }
    if (onThisFixSession && ctx.links.fix) return { protocol: 'fix' }
    if (ctx.links.ws) {
      return order.protocol === 'fix' && !onThisFixSession
        ? {
            protocol: 'ws',
            note: `${order.clOrdId} was placed on an earlier FIX session; ${action} goes over WebSocket`,
          }
        : { protocol: 'ws' }
    }
    if (ctx.links.rest) return { protocol: 'rest' }
    return { refused: 'No connection to the venue is up' }
  }

  /** Kill switch: every protocol that is up, so nothing is left working anywhere. */
  cancelEverything(ctx: RouteContext): Protocol[] {
    return (['ws', 'fix', 'rest'] as const).filter((p) => ctx.links[p])
  }
}

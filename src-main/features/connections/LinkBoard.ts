import type { LinkState } from '../../../src-domain/links'
import type { ConnectionView, ConnectionsView, VenueKind } from '../../../src-preload/contract/types'

/** The links the panel lists, in this order. */
export type LinkKey = 'rest' | 'ws-public' | 'ws-private' | 'fix' | 'uws-public' | 'uws-private' | 'fix-drv'
const ORDER: LinkKey[] = ['rest', 'ws-public', 'ws-private', 'fix', 'uws-public', 'uws-private', 'fix-drv']

/** What the board keeps of a link: the view's own fields, and where to read sequence numbers. */
type Link = Pick<
  ConnectionView,
  'protocol' | 'channel' | 'state' | 'detail' | 'latencyMs' | 'reconnects' | 'since'
> & {
  seq?: () => { nextOut: number; lastIn: number } | null
}

/**
 * Health of every venue link as the connections panel shows it: state in words, latency,
 * reconnects, FIX sequence numbers, and when each was last heard from (read from the link itself).
 */
export class LinkBoard {
  private readonly links = new Map<LinkKey, Link>()

  constructor(
    private readonly d: {
      venue: () => VenueKind
      lastHeard: (link: LinkKey) => number
      publish: () => void
    },
  ) {}

  /** A link the session starts: listed from now on, "offline / Not started" until it says more. */
  open(key: LinkKey, protocol: Link['protocol'], channel: string): void {
    if (this.links.has(key)) return
    this.links.set(key, {
      protocol,
      channel,
      state: 'offline',
      detail: 'Not started',
      latencyMs: null,
      reconnects: 0,
      since: Date.now(),
    })
  }

  set(key: LinkKey, state: LinkState, detail: string, extra: Partial<Link> = {}): void {
    const l = this.links.get(key)
    if (!l) return
    if (l.state !== state) l.since = Date.now()
    Object.assign(l, { state, detail }, extra)
    this.d.publish()
  }

  view(): ConnectionsView {
    return {
      venue: this.d.venue(),
      links: ORDER.flatMap((k) => {
        const l = this.links.get(k)
        if (!l) return []
        const seq = l.seq?.()
        const heard = this.d.lastHeard(k)
        const view: ConnectionView = {
          lastHeardAt: heard > 0 ? heard : null,
          // Kraken WS v2 heartbeats every second; our FIX logon asks for 30 s
          heartbeatMs: k === 'rest' ? null : k === 'fix' || k === 'fix-drv' ? 30_000 : 1_000,
          protocol: l.protocol,
          channel: l.channel,
          state: l.state,
          detail: l.detail,
          latencyMs: l.latencyMs,
          reconnects: l.reconnects,
          since: l.since,
        }
        if (seq) {
          view.seqOut = seq.nextOut
          view.seqIn = seq.lastIn
        }
        return [view]
      }),
    }
  }
}

import type { CommandName, CommandRequest } from '../../src-preload/contract/contract'
import type { HubSession } from './HubSession'
import type { StreamHub } from './StreamHub'

/**
 * A host's own way into the contract (the Electron menu, the tray, a global shortcut): the same
 * schema check, handler and audit record as a window's command, under the host's name. The
 * kill switch from the menu once called the trading service directly and left no audit trace.
 */
export class HostChannel {
  private readonly session: HubSession
  private seq = 0
  private readonly waiting = new Map<number, { ok: () => void; fail: (e: Error) => void }>()

  constructor(hub: StreamHub, who: string) {
    this.session = hub.openSession({
      who,
      isCongested: () => false,
      send: (f) => {
        if (f.k !== 'res') return
        const w = this.waiting.get(f.id)
        this.waiting.delete(f.id)
        if (f.ok) w?.ok()
        else w?.fail(new Error(f.error.message))
      },
    })
  }

  /** Settles when main answered; a refusal rejects with its words. */
  command<K extends CommandName>(name: K, payload: CommandRequest<K>): Promise<void> {
    const id = ++this.seq
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail })
      this.session.receive({ k: 'cmd', id, name, payload })
    })
  }

  close(): void {
    this.session.close()
  }
}

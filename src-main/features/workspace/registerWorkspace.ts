import type { StreamHub } from '../../ipc/StreamHub'
import type { WorkspaceService } from './WorkspaceService'

/** Windows, their layouts and link groups, and saved workspaces. */
export function registerWorkspace(hub: StreamHub, ws: WorkspaceService): void {
  hub.command('workspace.report', (p) => ws.report(p))
  hub.command('workspace.popOut', (p) => ws.popOut(p))
  hub.command('workspace.closeWindow', (p) => ws.closeWindow(p))
  hub.command('workspace.link', (p) => ws.link(p))
  hub.command('workspace.save', ({ name }) => ws.save(name))
  hub.command('workspace.load', ({ name }) => ws.load(name))
  hub.command('workspace.delete', ({ name }) => ws.delete(name))
  hub.topic('workspace', { acquire: ({ windowId }) => ws.acquire(windowId), latest: (k) => ws.view(k) })
}

import type { WorkspaceRequestAction } from '../../../src-preload/contract/types'
import type { HostChannel } from '../../ipc/HostChannel'
import type { MenuActions } from './appMenu'

/**
 * Menu and tray actions go through the contract on the host's own channel: the same schema
 * check, handler and audit record as a window's keypress. Asking a window to open one of its
 * dialogs is not a command (nothing changes in main until the trader acts in that dialog).
 */
export function hostActions(
  channel: HostChannel,
  d: {
    focusedWindowId: () => string
    requestWindow: (windowId: string, action: WorkspaceRequestAction) => void
    /** say a refusal to the trader (the Electron host: a message box) */
    tell: (text: string) => void
  },
): MenuActions {
  const run = (p: Promise<void>, what: string) =>
    void p.catch((e: unknown) => d.tell(`${what} from the menu was refused: ${(e as Error).message}`))
  return {
    newWindow: () =>
      run(
        channel.command('workspace.popOut', {
          panels: [{ id: `ladder-${Date.now().toString(36)}`, kind: 'ladder', link: 'red' }],
        }),
        'New window',
      ),
    saveWorkspace: () => d.requestWindow(d.focusedWindowId(), 'save-workspace'),
    loadWorkspace: (name) => run(channel.command('workspace.load', { name }), `Loading workspace ${name}`),
    killSwitch: () => run(channel.command('risk.killSwitch', { engaged: true }), 'The kill switch'),
    rearm: () => run(channel.command('risk.killSwitch', { engaged: false }), 'Re-arming'),
    openProfiles: () => d.requestWindow(d.focusedWindowId(), 'open-profiles'),
    openKeymap: () => d.requestWindow(d.focusedWindowId(), 'open-keymap'),
  }
}

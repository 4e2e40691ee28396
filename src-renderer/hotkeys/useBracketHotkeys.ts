import { useUiStore } from '../stores/uiStore'
import { useWorkspaceStore } from '../stores/workspaceStore'
import { cycleExitTemplate, prepareFlattenAll, prepareReverse, questionOnScreen } from '../trading/actions'
import { useHotkeys } from './useHotkeys'

/**
 * Issue 18's keys: the exit-template cycle, reverse and flatten everything. Each only changes the
 * ticket or opens the confirm dialog: nothing is sent by these keys. Like the ticket keys in App,
 * none acts under a dialog, and the ticket ones only where a ticket is shown.
 */
export function useBracketHotkeys(): void {
  const withTicket = (fn: () => void) => (): void => {
    if (questionOnScreen()) return
    if (useWorkspaceStore.getState().ticketsVisible > 0) fn()
    else
      useUiStore.getState().set({
        localError:
          'No order ticket is shown in this window: add one (Workspace ▸ Add panel ▸ Ticket) to trade by keyboard here.',
      })
  }
  useHotkeys({
    'ticket.exitsNext': withTicket(cycleExitTemplate),
    'ticket.reverse': withTicket(prepareReverse),
    'orders.flattenAll': () => !questionOnScreen() && prepareFlattenAll(),
  })
}

import type { Positions } from '../features/positions/Positions'
import type { NoticeBoard } from '../features/notices/NoticeBoard'
import type { OrderJournal } from '../store/OrderJournal'

/**
 * A start's positions begin at the journal's position base (finished orders folded into it; the
 * orders not folded are counted on top by the restore). A base that cannot be read loses nothing:
 * every folded order is unfolded and read again, and the trader is told why this start is slower.
 */
export function restorePositionBase(
  journal: Pick<OrderJournal, 'positionBase' | 'unfoldAll'>,
  positions: Pick<Positions, 'restoreBase'>,
  notices: Pick<NoticeBoard, 'notice'>,
): void {
  try {
    positions.restoreBase(journal.positionBase())
  } catch (e) {
    journal.unfoldAll()
    notices.notice(
      'warn',
      `The journal's saved position base could not be read (${(e as Error).message}); positions are counted again from every journaled fill`,
    )
  }
}

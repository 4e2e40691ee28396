import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { TradingService } from '../../app/TradingService'

/** Orders, risk controls, alerts, notices and positions: the trading service's commands and views. */
export function registerTrading(hub: StreamHub, t: TradingService): void {
  hub.command('orders.place', (p) => t.place(p))
  hub.command('orders.amend', (p) => t.amend(p))
  hub.command('orders.cancel', (p) => t.cancel(p))
  hub.command('orders.cancelAll', (p) => t.cancelAll(p))
  hub.command('risk.killSwitch', ({ engaged }) => t.killSwitch(engaged))
  hub.command('risk.deadman', ({ timeoutSec }) => t.setDeadman(timeoutSec))
  hub.command('risk.setLimits', (p) => t.setLimits(p))
  hub.command('alerts.add', (p) => t.addAlert(p))
  hub.command('alerts.remove', ({ id }) => t.removeAlert(id))
  hub.command('notices.dismiss', ({ ids }) => t.dismissNotices(ids))
  hub.topic('orders', {
    acquire: ({ scope }) => ({ key: scope, release: () => {} }),
    latest: (key) => (key === 'working' ? t.workingOrdersView() : t.ordersView()),
  })
  hub.topic(
    'positions',
    sharedTopic(() => t.positionsView()),
  )
  hub.topic(
    'risk',
    sharedTopic(() => t.riskView()),
  )
  hub.topic(
    'notices',
    sharedTopic(() => t.noticesView()),
  )
  hub.topic(
    'alerts',
    sharedTopic(() => t.alertsView()),
  )
}

import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { TradingDesk } from './TradingDesk'

/** Orders, risk controls, alerts, notices and positions: each feature's commands and views. */
export function registerTrading(hub: StreamHub, desk: TradingDesk): void {
  const { commands, controls, alerts, notices, views, positions } = desk
  hub.command('orders.place', (p) => commands.place(p))
  hub.command('orders.amend', (p) => commands.amend(p))
  hub.command('orders.cancel', (p) => commands.cancel(p))
  hub.command('orders.cancelAll', (p) => commands.cancelAll(p))
  hub.command('risk.killSwitch', ({ engaged }) => controls.killSwitch(engaged))
  hub.command('risk.deadman', ({ timeoutSec }) => controls.setDeadman(timeoutSec))
  hub.command('risk.setLimits', (p) => controls.setLimits(p))
  hub.command('alerts.add', (p) => alerts.add(p))
  hub.command('alerts.remove', ({ id }) => alerts.remove(id))
  hub.command('alerts.rearm', ({ id, firedAt }) => alerts.rearm(id, firedAt))
  hub.command('alerts.clearFired', () => alerts.clearFired())
  hub.command('notices.dismiss', ({ ids }) => notices.dismiss(ids))
  hub.topic('orders', {
    acquire: ({ scope }) => ({ key: scope, release: () => {} }),
    latest: (key) => (key === 'working' ? views.working() : views.view()),
  })
  hub.topic(
    'positions',
    sharedTopic(() => positions.view()),
  )
  hub.topic(
    'risk',
    sharedTopic(() => controls.view()),
  )
  hub.topic(
    'notices',
    sharedTopic(() => notices.view()),
  )
  hub.topic(
    'alerts',
    sharedTopic(() => alerts.view()),
  )
}

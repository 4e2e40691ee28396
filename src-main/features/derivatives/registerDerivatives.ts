import { sharedTopic, type StreamHub } from '../../ipc/StreamHub'
import type { DerivativesDesk } from './DerivativesDesk'

/** Derivatives positions, margin and funding, and the markets' leverage preference. */
export function registerDerivatives(hub: StreamHub, desk: DerivativesDesk): void {
  hub.command('derivatives.setLeverage', ({ symbol, maxLeverage }) => desk.setLeverage(symbol, maxLeverage))
  hub.topic(
    'derivatives',
    sharedTopic(() => desk.view()),
  )
}

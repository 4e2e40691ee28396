import { describe, expect, it } from 'vitest'
import { BridgeError } from '../../../src-preload/contract/api'
import { useUiStore } from '../../../src-renderer/stores/uiStore'
import { say, sayEnded, sayFailure } from '../../../src-renderer/trading/say'

/** Every command failure reaches the trader in words (EBADREQ was once dropped unseen). */
describe('say', () => {
  it('puts a refusal from main in words, with what it was for', () => {
    sayFailure(new BridgeError('EBADREQ', 'orders.place: qty: not a decimal'), 'Order not sent')
    expect(useUiStore.getState().localError).toBe(
      'Order not sent: Trident core refused the request as malformed (orders.place: qty: not a decimal)',
    )
    sayFailure(new BridgeError('EVENUE', 'EOrder:Insufficient funds'), 'Order not sent')
    expect(useUiStore.getState().localError).toBe('Order not sent: EOrder:Insufficient funds')
    sayFailure(new BridgeError('EDISCONNECTED', 'Connection to Trident core lost'), 'Cancel refused')
    expect(useUiStore.getState().localError).toBe(
      'Cancel refused: the link to Trident core is down (Connection to Trident core lost)',
    )
    sayFailure('boom')
    expect(useUiStore.getState().localError).toBe('Not done: boom')
  })
  it('never shows an unbounded text', () => {
    say(`Not sent: ${'x'.repeat(1_000_000)}`)
    const shown = useUiStore.getState().localError!
    expect(shown.length).toBe(300)
    expect(shown.endsWith('…')).toBe(true)
  })
})

describe('sayEnded', () => {
  it('says which feed stopped and why', () => {
    sayEnded('The DOGE/USD book')({ code: 'EBADREQ', message: 'unknown symbol DOGE/USD' })
    expect(useUiStore.getState().localError).toBe('The DOGE/USD book stopped: unknown symbol DOGE/USD')
    sayEnded('Positions')({ code: 'ECLOSED', message: '' })
    expect(useUiStore.getState().localError).toBe('Positions stopped: ECLOSED')
  })
})

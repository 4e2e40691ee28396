import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../../src-preload/contract/types'
import { BTC_USD } from '../instruments'

const invoke = vi.fn(() => Promise.resolve({ clOrdId: 'x1', state: 'pending-new' }))
vi.mock('../../../src-renderer/bridge', () => ({ getBridge: () => ({ invoke, subscribe: vi.fn() }) }))

const { sendTicket } = await import('../../../src-renderer/trading/actions')
const { useTicketStore } = await import('../../../src-renderer/stores/ticketStore')
const { useUiStore } = await import('../../../src-renderer/stores/uiStore')
const { useMarketStore } = await import('../../../src-renderer/stores/marketStore')

/**
 * Enter sends the ticket, except under a question: a ticket field can hold the focus under the
 * confirm dialog (Tab brings it back), and its Enter sent the order again under a duplicate-order
 * question, where Enter is on purpose not an answer.
 */
describe('sendTicket', () => {
  beforeEach(() => {
    invoke.mockClear()
    useMarketStore.getState().setInfo({ instruments: [BTC_USD] } as unknown as AppInfo)
    useTicketStore
      .getState()
      .set({ symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.01', price: '64990.0' })
    useUiStore.getState().set({ confirm: null, rearm: false })
  })

  it('sends what the ticket shows when no question is on screen', async () => {
    await sendTicket()
    expect(invoke).toHaveBeenCalledTimes(1)
    expect(invoke.mock.calls[0]).toEqual([
      'orders.place',
      {
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'limit',
        qty: '0.01',
        tif: 'GTC',
        protocol: 'auto',
        limitPrice: '64990.0',
      },
    ])
  })

  it('sends nothing while the confirm dialog or the re-arm question is open', async () => {
    useUiStore.getState().set({
      confirm: {
        text: 'You sent the same order 0.4 s ago. Send it again?',
        why: ['duplicate'],
        payload: { symbol: 'BTC/USD', side: 'buy', type: 'limit', qty: '0.01', tif: 'GTC', protocol: 'auto' },
      },
    })
    await sendTicket()
    useUiStore.getState().set({ confirm: null, rearm: true })
    await sendTicket()
    expect(invoke).not.toHaveBeenCalled()
  })
})

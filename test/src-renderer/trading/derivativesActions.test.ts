import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../../src-preload/contract/types'
import { BTC_USD_MARGIN, PF_XBTUSD } from '../instruments'
import { view } from '../derivativesView'

const invoke = vi.fn((..._args: unknown[]): Promise<unknown> =>
  Promise.resolve({ clOrdId: 'x1', state: 'pending-new' }),
)
vi.mock('../../../src-renderer/bridge', () => ({ getBridge: () => ({ invoke, subscribe: vi.fn() }) }))

const { prepareFlatten, prepareReverse, sendTicket, setContractLeverage } =
  await import('../../../src-renderer/trading/actions')
const { useTicketStore } = await import('../../../src-renderer/stores/ticketStore')
const { useUiStore } = await import('../../../src-renderer/stores/uiStore')
const { useMarketStore } = await import('../../../src-renderer/stores/marketStore')
const { useDerivativesStore } = await import('../../../src-renderer/stores/derivativesStore')

describe('orders on a derivatives contract', () => {
  beforeEach(() => {
    invoke.mockClear()
    useMarketStore.getState().setInfo({ instruments: [PF_XBTUSD, BTC_USD_MARGIN] } as unknown as AppInfo)
    useDerivativesStore.setState({ view: view() })
    useTicketStore.getState().clear()
    useTicketStore.getState().set({
      symbol: 'PF_XBTUSD',
      side: 'buy',
      type: 'limit',
      qty: '0.5',
      price: '64000',
      reduceOnly: false,
      exitTemplate: '',
      leverage: '',
    })
    useUiStore.getState().set({ confirm: null, rearm: false, localError: null })
  })

  it('sends a trigger order with its trigger signal and reduce-only', async () => {
    useTicketStore.getState().set({
      side: 'sell',
      type: 'stop-loss',
      triggerPrice: '60000',
      triggerSignal: 'index',
      reduceOnly: true,
    })
    await sendTicket()
    expect(invoke.mock.calls).toEqual([
      [
        'orders.place',
        {
          symbol: 'PF_XBTUSD',
          side: 'sell',
          type: 'stop-loss',
          qty: '0.5',
          tif: 'GTC',
          protocol: 'auto',
          triggerPrice: '60000',
          reduceOnly: true,
          triggerSignal: 'index',
        },
      ],
    ])
  })

  it('refuses reduce-only with no position, in words, and sends nothing', async () => {
    useDerivativesStore.setState({ view: view({ positions: [] }) })
    useTicketStore.getState().set({ side: 'sell', reduceOnly: true })
    await sendTicket()
    expect(invoke).not.toHaveBeenCalled()
    expect(useUiStore.getState().localError).toBe(
      'Not sent: Reduce-only needs an open PF_XBTUSD position to reduce: there is none',
    )
  })

  it('flatten loads a reduce-only market order for exactly the position, on the closing side', () => {
    useDerivativesStore.setState({
      view: view({ positions: [{ ...view().positions[0]!, size: '-1.2500' }] }),
    })
    prepareFlatten()
    const t = useTicketStore.getState()
    expect([t.side, t.type, t.qty, t.reduceOnly, t.chase]).toEqual(['buy', 'market', '1.2500', true, false])
    expect(invoke).not.toHaveBeenCalled()
  })

  it('reverse loads twice the contract position on the other side, not reduce-only', () => {
    useMarketStore.getState().setBook({
      symbol: 'PF_XBTUSD',
      bids: [['64249', '3']],
      asks: [['64251', '2']],
    } as never)
    useTicketStore.getState().set({ reduceOnly: true })
    prepareReverse()
    const t = useTicketStore.getState()
    expect([t.side, t.type, t.qty, t.price, t.reduceOnly]).toEqual(['sell', 'limit', '1', '64249', false])
  })

  it('flatten with no position says so and leaves the ticket', () => {
    useDerivativesStore.setState({ view: view({ positions: [] }) })
    prepareFlatten()
    expect(useUiStore.getState().localError).toBe('No PF_XBTUSD position to close')
    expect(useTicketStore.getState().type).toBe('limit')
  })

  it('sets the market leverage, and shows Kraken’s refusal in words', async () => {
    const after = view({ leverage: [{ symbol: 'PF_XBTUSD', maxLeverage: '10' }] })
    invoke.mockResolvedValueOnce(after)
    expect(await setContractLeverage('PF_XBTUSD', '10')).toBeNull()
    expect(invoke.mock.calls[0]).toEqual([
      'derivatives.setLeverage',
      { symbol: 'PF_XBTUSD', maxLeverage: 10 },
    ])
    expect(useDerivativesStore.getState().view).toBe(after)
    invoke.mockRejectedValueOnce(
      Object.assign(new Error('Insufficient margin for the requested leverage'), { code: 'EREFUSED' }),
    )
    expect(await setContractLeverage('PF_XBTUSD', 'cross')).toBe(
      'Leverage not changed: Insufficient margin for the requested leverage',
    )
    expect(invoke.mock.calls[1]).toEqual([
      'derivatives.setLeverage',
      { symbol: 'PF_XBTUSD', maxLeverage: null },
    ])
    expect(await setContractLeverage('PF_XBTUSD', '60')).toBe(
      "Leverage 60× is above this contract's maximum of 50×",
    )
    expect(invoke).toHaveBeenCalledTimes(2)
  })

  it('sends a spot margin order with its leverage', async () => {
    useTicketStore.getState().set({ symbol: 'BTC/USD', qty: '0.01', price: '65000.0', leverage: '3' })
    await sendTicket()
    expect(invoke.mock.calls).toEqual([
      [
        'orders.place',
        {
          symbol: 'BTC/USD',
          side: 'buy',
          type: 'limit',
          qty: '0.01',
          tif: 'GTC',
          protocol: 'auto',
          limitPrice: '65000.0',
          leverage: '3',
        },
      ],
    ])
  })
})

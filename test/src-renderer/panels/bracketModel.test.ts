import { describe, expect, it } from 'vitest'
import type { BracketsView, ChaseView, ExitTemplateView } from '../../../src-preload/contract/brackets'
import type { OrderView } from '../../../src-preload/contract/types'
import {
  blotterRoles,
  flattenAllOrders,
  groupUnderEntries,
  legAmend,
  legMarks,
  legKind,
  legText,
  latestProtections,
  nextTemplateId,
  reverseOf,
  templateFromForm,
  templateProtections,
} from '../../../src-renderer/panels/bracketModel'

const scalp: ExitTemplateView = {
  id: 't1',
  name: 'Scalp',
  targets: [
    { offset: { ticks: 10 }, percent: 50 },
    { offset: { ticks: 20 }, percent: 50 },
  ],
  stop: { offset: { ticks: 8 }, type: 'stop-loss' },
  breakevenAfterTicks: 5,
}

const order = (o: Partial<OrderView> & { clOrdId: string }): OrderView => ({
  symbol: 'BTC/USD',
  side: 'sell',
  type: 'limit',
  qty: '0.01',
  tif: 'GTC',
  protocol: 'ws',
  state: 'open',
  filledQty: '0',
  createdAt: 1,
  updatedAt: 1,
  ...o,
})

const leg = (
  role: 'target' | 'stop',
  n: number,
  clOrdId: string | null,
  price: string | null,
  trigger: string | null,
) => ({
  role,
  n,
  clOrdId,
  side: 'sell' as const,
  type: role === 'stop' ? 'stop-loss' : 'limit',
  price,
  trigger,
  qty: '0.01',
  filledQty: '0',
  state: 'open',
  lives: 'at Kraken' as const,
})

const view: BracketsView = {
  templates: [scalp, { ...scalp, id: 't2', name: 'Swing' }],
  chases: [],
  entries: [
    {
      entryClOrdId: 'E1',
      symbol: 'BTC/USD',
      side: 'buy',
      template: 'Scalp',
      state: 'filled',
      filledQty: '0.02',
      brackets: [
        {
          id: 'E1-1',
          qty: '0.02',
          entryPrice: '65000.0',
          phase: 'working',
          protections: [],
          legs: [
            leg('stop', 0, 'S1', null, '64999.2'),
            leg('target', 1, 'T1', '65001.0', null),
            leg('target', 2, 'T2', '65002.0', null),
          ],
        },
      ],
    },
  ],
}

describe('bracket model', () => {
  it('says where each protection of a template lives', () => {
    expect(templateProtections(scalp)).toEqual([
      { what: 'target 1: limit 10 ticks away, 50%', where: 'at Kraken' },
      { what: 'target 2: limit 20 ticks away, 50%', where: 'at Kraken' },
      { what: 'stop: stop-loss 8 ticks away', where: 'at Kraken' },
      { what: 'one cancels the other (a leg that fills cancels or shrinks the others)', where: 'in Trident' },
      { what: 'breakeven after 5 ticks', where: 'in Trident' },
    ])
  })

  it('cycles none -> each template -> none', () => {
    const ts = [{ id: 'a' }, { id: 'b' }]
    expect(nextTemplateId(ts, '')).toBe('a')
    expect(nextTemplateId(ts, 'a')).toBe('b')
    expect(nextTemplateId(ts, 'b')).toBe('')
    expect(nextTemplateId(ts, 'gone')).toBe('a')
    expect(nextTemplateId([], '')).toBe('')
  })

  it('turns the editor form into a template, or says what is wrong', () => {
    expect(
      templateFromForm({
        name: ' Scalp ',
        targets: '10:50, 20:50',
        stopTicks: '8',
        stopType: 'stop-loss-limit',
        breakevenTicks: '5',
        trailTicks: '',
      }),
    ).toEqual({
      template: {
        name: 'Scalp',
        targets: [
          { offset: { ticks: 10 }, percent: 50 },
          { offset: { ticks: 20 }, percent: 50 },
        ],
        stop: { offset: { ticks: 8 }, type: 'stop-loss-limit' },
        breakevenAfterTicks: 5,
      },
    })
    expect(
      templateFromForm({
        name: '',
        targets: '10:50 x',
        stopTicks: '1.5',
        stopType: 'stop-loss',
        breakevenTicks: '',
        trailTicks: '-3',
      }),
    ).toEqual({
      problems: [
        'Give the exit template a name',
        'Target "x" must be ticks:percent, like 10:50',
        'Stop offset must be a whole number of ticks',
        'Trail must be a whole number of ticks, or empty',
      ],
    })
    expect(
      templateFromForm({
        name: 'a',
        targets: '10:50 20:40',
        stopTicks: '8',
        stopType: 'stop-loss',
        breakevenTicks: '',
        trailTicks: '',
      }),
    ).toEqual({ problems: ['The targets\u2019 percents must add up to 100'] })
  })

  it('puts working legs on the ladder at the working price: a target at its limit, a stop at its trigger', () => {
    const working = [
      order({ clOrdId: 'S1', type: 'stop-loss', triggerPrice: '64999.2' }),
      // T1 was dragged: the working order's price wins over the bracket view's
      order({ clOrdId: 'T1', limitPrice: '65001.5', qty: '0.01', filledQty: '0.004' }),
      // T2 is not working (filled): not drawn
      order({ clOrdId: 'X', symbol: 'ETH/USD', limitPrice: '3000.0' }),
    ]
    const m = legMarks(view, working, 'BTC/USD', 1)
    expect([...m.keys()]).toEqual([649992, 650015])
    expect(m.get(649992)).toEqual([
      { role: 'stop', side: 'sell', clOrdId: 'S1', type: 'stop-loss', qty: 0.01 },
    ])
    expect(m.get(650015)).toEqual([
      { role: 'target', side: 'sell', clOrdId: 'T1', type: 'limit', qty: 0.006 },
    ])
    expect(legText(m.get(649992), 'sell', 8)).toBe('S 0.01')
    expect(legText(m.get(650015), 'sell', 8)).toBe('T 0.006')
    expect(legText(m.get(650015), 'buy', 8)).toBe('')
    // whole contracts: 100 stays 100
    expect(
      legText([{ role: 'stop', side: 'sell', clOrdId: 'S', type: 'stop-loss', qty: 100 }], 'sell', 0),
    ).toBe('S 100')
    expect(legMarks(view, working, 'ETH/USD', 1).size).toBe(0)
    expect(legMarks(null, working, 'BTC/USD', 1).size).toBe(0)
  })

  it('amends a dragged leg: a target its limit, a stop its trigger (a stop-limit keeps its distance)', () => {
    const base = { side: 'sell' as const, qty: 0.01 }
    expect(
      legAmend({ ...base, role: 'target', clOrdId: 'T1', type: 'limit' }, '65001.0', '65001.3', 1),
    ).toEqual({
      clOrdId: 'T1',
      limitPrice: '65001.3',
    })
    expect(
      legAmend({ ...base, role: 'stop', clOrdId: 'S1', type: 'stop-loss' }, '64999.2', '64999.1', 1),
    ).toEqual({
      clOrdId: 'S1',
      triggerPrice: '64999.1',
    })
    expect(
      legAmend(
        { ...base, role: 'stop', clOrdId: 'S2', type: 'stop-loss-limit', limitPrice: '64998.7' },
        '64999.2',
        '64999.5',
        1,
      ),
    ).toEqual({ clOrdId: 'S2', triggerPrice: '64999.5', limitPrice: '64999.0' })
  })

  it('groups legs under their entry in the blotter', () => {
    const roles = blotterRoles(view)
    expect(roles.get('E1')).toEqual({ entry: 'E1', label: 'entry · Scalp', leg: false })
    expect(roles.get('T2')).toEqual({ entry: 'E1', label: 'target 2', leg: true })
    expect(roles.get('S1')).toEqual({ entry: 'E1', label: 'stop', leg: true })
    const rows = ['S1', 'A', 'T1', 'E1', 'B', 'T2'].map((clOrdId) => ({ clOrdId }))
    expect(groupUnderEntries(rows, roles).map((r) => r.clOrdId)).toEqual(['A', 'E1', 'S1', 'T1', 'T2', 'B'])
    // the entry not in the list (done, on the working tab): its legs stay where they are
    const noEntry = ['S1', 'A', 'T1'].map((clOrdId) => ({ clOrdId }))
    expect(groupUnderEntries(noEntry, roles).map((r) => r.clOrdId)).toEqual(['S1', 'A', 'T1'])
  })

  it('says a chase order in the Bracket column: its state and how often it moved', () => {
    const chase = (clOrdId: string, state: ChaseView['state'], moves: number): ChaseView => ({
      clOrdId,
      symbol: 'BTC/USD',
      side: 'buy',
      qty: '0.01',
      filledQty: '0',
      startPrice: '65000.0',
      price: '65000.3',
      maxChaseTicks: 20,
      moves,
      state,
    })
    const roles = blotterRoles({
      ...view,
      chases: [chase('C1', 'chasing', 3), chase('C2', 'filled', 1), chase('C3', 'stopped', 0)],
    })
    expect(roles.get('C1')).toEqual({ entry: 'C1', label: 'chase · chasing · 3 moves', leg: false })
    expect(roles.get('C2')).toEqual({ entry: 'C2', label: 'chase · filled · 1 move', leg: false })
    expect(roles.get('C3')).toEqual({ entry: 'C3', label: 'chase · stopped · 0 moves', leg: false })
    // the bracket's own orders keep their roles
    expect(roles.get('E1')).toEqual({ entry: 'E1', label: 'entry · Scalp', leg: false })
  })

  it('reverse loads twice the net on the other side, exactly', () => {
    expect(reverseOf('0.03', 8)).toEqual({ side: 'sell', qty: '0.06' })
    expect(reverseOf('-0.00000007', 8)).toEqual({ side: 'buy', qty: '0.00000014' })
    expect(reverseOf('0.00000000', 8)).toBeNull()
  })

  it('flatten everything closes derivatives positions reduce-only, each once', () => {
    expect(
      flattenAllOrders(
        [
          { symbol: 'BTC/USD', net: '0.03' },
          { symbol: 'PF_XBTUSD', net: '0.5' },
        ],
        [
          { symbol: 'PF_XBTUSD', size: '0.5' },
          { symbol: 'PF_ETHUSD', size: '-2.000' },
          { symbol: 'PF_SOLUSD', size: '0' },
        ],
      ).map((o) => [o.text, o.order.reduceOnly ?? false]),
    ).toEqual([
      ['Sell 0.03 BTC/USD at market', false],
      ['Sell 0.5 PF_XBTUSD contracts at market, reduce-only', true],
      ['Buy 2.000 PF_ETHUSD contracts at market, reduce-only', true],
    ])
  })

  it('flatten everything lists one market order per open position', () => {
    expect(
      flattenAllOrders([
        { symbol: 'BTC/USD', net: '0.03' },
        { symbol: 'ETH/USD', net: '-1.5' },
        { symbol: 'SOL/USD', net: '0.0' },
      ]),
    ).toEqual([
      {
        order: {
          symbol: 'BTC/USD',
          side: 'sell',
          type: 'market',
          qty: '0.03',
          tif: 'IOC',
          protocol: 'auto',
          confirmed: true,
        },
        text: 'Sell 0.03 BTC/USD at market',
      },
      {
        order: {
          symbol: 'ETH/USD',
          side: 'buy',
          type: 'market',
          qty: '1.5',
          tif: 'IOC',
          protocol: 'auto',
          confirmed: true,
        },
        text: 'Buy 1.5 ETH/USD at market',
      },
    ])
  })

  it('draws a target held in Trident at its price, muted and not draggable (no order at Kraken)', () => {
    const held: BracketsView = {
      ...view,
      entries: [
        {
          ...view.entries[0]!,
          brackets: [
            {
              ...view.entries[0]!.brackets[0]!,
              protections: [
                { what: 'target: limit 65001.0, held in Trident', where: 'in Trident' },
                { what: 'stop: stop-loss 64999.2', where: 'at Kraken' },
              ],
              legs: [
                leg('stop', 0, 'S1', null, '64999.2'),
                {
                  ...leg('target', 1, null, '65001.0', null),
                  state: 'held in Trident',
                  lives: 'in Trident' as const,
                },
              ],
            },
          ],
        },
      ],
    }
    const m = legMarks(
      held,
      [order({ clOrdId: 'S1', type: 'stop-loss', triggerPrice: '64999.2' })],
      'BTC/USD',
      1,
    )
    expect(m.get(650010)).toEqual([
      { role: 'target', side: 'sell', clOrdId: '', type: 'limit', qty: 0.01, held: true },
    ])
    expect(legKind(m.get(650010), 'sell')).toBe('held')
    expect(legKind(m.get(649992), 'sell')).toBe('stop')
    expect(latestProtections(held, 'BTC/USD')).toEqual([
      { what: 'target: limit 65001.0, held in Trident', where: 'in Trident' },
      { what: 'stop: stop-loss 64999.2', where: 'at Kraken' },
    ])
    expect(latestProtections(held, 'ETH/USD')).toEqual([])
  })
})

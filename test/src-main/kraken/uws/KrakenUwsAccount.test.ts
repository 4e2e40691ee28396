import { afterEach, describe, expect, it } from 'vitest'
import { KrakenUwsAccount } from '../../../../src-main/kraken/uws/KrakenUwsAccount'
import type {
  UwsLedgerEntry,
  UwsMargin,
  UwsPosition,
  UwsPreferences,
} from '../../../../src-main/kraken/uws/types'
import { uwsCancelAllParams, uwsSetLeverageParams } from '../../../../src-main/kraken/uws/uwsRequests'
import { until } from '../../../helpers/until'
import { corpusMessage } from '../../../conformance/corpus'
import { UwsFakeVenue } from './uwsFakeVenue'

/**
 * KrakenUwsAccount over a loopback socket: the five private subscriptions (asset_class only where
 * Kraken takes it, a fresh token per connection), each channel read into Trident's types, trading
 * requests answered with Kraken's documented replies, and a full resubscribe after a drop.
 */

type Json = Record<string, unknown>

let venue: UwsFakeVenue | null = null
let account: KrakenUwsAccount | null = null
afterEach(async () => {
  account?.stop()
  account = null
  await venue?.stop()
  venue = null
})

async function setup(before: (v: UwsFakeVenue) => void = () => undefined) {
  venue = await UwsFakeVenue.start()
  before(venue)
  let tokens = 0
  const seen = {
    executions: [] as { entry: Json; snapshot: boolean }[],
    positions: [] as { list: UwsPosition[]; snapshot: boolean }[],
    margin: [] as UwsMargin[],
    ledger: [] as UwsLedgerEntry[],
    gaps: [] as [number, number][],
    prefs: [] as UwsPreferences[],
    errors: [] as string[],
    resubscribed: [] as boolean[],
  }
  account = new KrakenUwsAccount({
    url: venue.url,
    token: () => Promise.resolve(`token-${++tokens}`),
    onExecution: (entry, snapshot) => seen.executions.push({ entry, snapshot }),
    onPositions: (list, snapshot) => seen.positions.push({ list, snapshot }),
    onMargin: (m) => seen.margin.push(m),
    onLedger: (e) => seen.ledger.push(...e),
    onLedgerGap: (expected, got) => seen.gaps.push([expected, got]),
    onPreferences: (p) => seen.prefs.push(p),
    onProtocolError: (e) => seen.errors.push(e.message),
    onResubscribed: (r) => seen.resubscribed.push(r),
    random: () => 0,
    requestTimeoutMs: 10_000,
    preferencesRetryMs: 20,
  })
  account.start()
  await until(() => account!.state === 'online', 'account online')
  return { venue, account, seen }
}

const SUBSCRIPTIONS = (token: string) => [
  {
    channel: 'executions',
    asset_class: 'derivatives',
    snap_orders: true,
    snap_trades: true,
    ratecounter: true,
    token,
  },
  { channel: 'positions', asset_class: 'derivatives', snapshot: true, token },
  { channel: 'margin', asset_class: 'derivatives', token },
  { channel: 'ledgers', token },
  { channel: 'preferences', token },
]

describe('KrakenUwsAccount', () => {
  it('subscribes executions, positions, margin, ledgers and preferences with the token', async () => {
    const { venue } = await setup()
    expect(venue.received.filter((m) => m.method === 'subscribe').map((m) => m.params)).toEqual(
      SUBSCRIPTIONS('token-1'),
    )
  })

  it('reads every channel into its callback, decimals exact', async () => {
    const { venue, seen } = await setup()
    venue.send(
      '{"channel":"executions","type":"snapshot","data":[{"order_id":"11111111-1111-4111-8111-111111111111","symbol":"PF_XBTUSD","exec_type":"new","order_status":"new","side":"buy","order_type":"limit","order_qty":0.5000,"limit_price":60000,"cum_qty":0,"asset_class":"derivatives","reduce_only":false}]}',
    )
    venue.send(
      '{"channel":"positions","type":"snapshot","data":{"futures":[{"symbol":"PF_XBTUSD","size":-0.2500,"entry_price":61000.5,"realized_pnl":0,"unrealized_funding":0}],"options":[]},"time":"2026-12-01T14:00:00Z"}',
    )
    venue.send(
      '{"channel":"margin","type":"multi_collateral","data":{"currency":"USD","balance_value":5000,"portfolio_value":5000,"collateral_value":5000,"initial_margin":305.0025,"maintenance_margin":152.50125,"pnl":0,"unrealized_funding":0,"available_margin":4694.9975,"margin_equity":5000},"time":"2026-12-01T14:00:00Z"}',
    )
    venue.send(
      '{"channel":"ledgers","type":"update","sequence":1,"data":[{"ledger_id":"L1","ref_id":"F1","timestamp":"2026-12-01T15:00:00Z","type":"funding","subtype":"","asset":"USD","asset_class":"derivatives","amount":0.19,"fee":0,"balance":5000.19,"symbol":"PF_XBTUSD"}]}',
    )
    venue.send(
      '{"channel":"ledgers","type":"update","sequence":3,"data":[{"ledger_id":"L3","ref_id":"F3","timestamp":"2026-12-01T16:00:00Z","type":"funding","subtype":"","asset":"USD","asset_class":"derivatives","amount":-0.05,"fee":0,"balance":5000.14,"symbol":"PF_XBTUSD"}]}',
    )
    venue.send(
      '{"channel":"preferences","type":"snapshot","data":{"futures_permission":"enabled","leverage_preferences":[{"symbol":"PF_XBTUSD","max_leverage":null}]}}',
    )
    venue.send('{"channel":"margin","type":"multi_collateral","data":{"currency":"USD"}}')
    venue.send('{"channel":"heartbeat"}')
    await until(() => seen.prefs.length === 1 && seen.errors.length === 1, 'every channel read')
    expect(seen.executions).toEqual([
      {
        snapshot: true,
        entry: {
          order_id: '11111111-1111-4111-8111-111111111111',
          symbol: 'PF_XBTUSD',
          exec_type: 'new',
          order_status: 'new',
          side: 'buy',
          order_type: 'limit',
          order_qty: '0.5000',
          limit_price: '60000',
          cum_qty: '0',
          asset_class: 'derivatives',
          reduce_only: false,
        },
      },
    ])
    expect(seen.positions).toEqual([
      {
        snapshot: true,
        list: [
          {
            symbol: 'PF_XBTUSD',
            size: '-0.2500',
            entryPrice: '61000.5',
            realisedPnl: '0',
            unrealisedFunding: '0',
          },
        ],
      },
    ])
    expect(seen.margin).toEqual([
      {
        currency: 'USD',
        balanceValue: '5000',
        portfolioValue: '5000',
        collateralValue: '5000',
        initialMargin: '305.0025',
        maintenanceMargin: '152.50125',
        pnl: '0',
        unrealisedFunding: '0',
        availableMargin: '4694.9975',
        marginEquity: '5000',
      },
    ])
    expect(seen.ledger.map((l) => [l.id, l.type, l.amount, l.symbol])).toEqual([
      ['L1', 'funding', '0.19', 'PF_XBTUSD'],
      ['L3', 'funding', '-0.05', 'PF_XBTUSD'],
    ])
    expect(seen.gaps).toEqual([[2, 3]])
    expect(seen.prefs).toEqual([
      { permission: 'enabled', leverage: [{ symbol: 'PF_XBTUSD', maxLeverage: null }] },
    ])
    // a margin frame missing its figures is reported and dropped, never half-read
    expect(seen.errors).toEqual(['margin balance_value is not a number: undefined'])
  })

  it("requests carry the token last; Kraken's documented replies resolve, and a refusal rejects in Kraken's words", async () => {
    const { venue, account } = await setup()
    venue.answers.set('cancel_all', { result: '{"count":1}' })
    const r = await account.request('cancel_all', uwsCancelAllParams())
    expect(r).toMatchObject({ method: 'cancel_all', success: true, result: { count: '1' } })
    const sent = await venue.frame((m) => m.method === 'cancel_all', 'cancel_all sent')
    expect(sent).toMatch(
      /^\{"method":"cancel_all","params":\{"asset_class":"derivatives","token":"token-1"\},"req_id":\d+\}$/,
    )
    const refused = JSON.parse(corpusMessage('uws.set_preference.reply.kraken-docs-1').text) as {
      error: string
    }
    venue.answers.set('set_preference', { error: refused.error })
    await expect(account.request('set_preference', uwsSetLeverageParams('PF_XBTUSD', '50'))).rejects.toThrow(
      'set_preference: Insufficient margin for the requested leverage',
    )
    const pref = await venue.frame((m) => m.method === 'set_preference', 'set_preference sent')
    expect(pref).toContain('"leverage_mode":{"symbol":"PF_XBTUSD","max_leverage":50}')
  })

  it('after a drop: a new token, every channel subscribed again, and the caller told to reconcile', async () => {
    const { venue, account, seen } = await setup()
    venue.drop()
    await until(() => seen.resubscribed.length === 2, 'resubscribed after the drop')
    expect(account.state).toBe('online')
    expect(seen.resubscribed).toEqual([false, true])
    const subs = venue.received.filter((m) => m.method === 'subscribe').map((m) => m.params)
    expect(subs).toEqual([...SUBSCRIPTIONS('token-1'), ...SUBSCRIPTIONS('token-2')])
  })

  it("preferences 'not available yet': the link comes up without it, and it is asked for again until it answers", async () => {
    const { venue, account, seen } = await setup((v) =>
      v.refuseSubscribe.set('preferences', [
        'Preferences are not available yet, try again later',
        'Preferences are not available yet, try again later',
      ]),
    )
    // online, and trading possible, while preferences are still refused
    expect(account.state).toBe('online')
    venue.answers.set('cancel_all', { result: '{"count":0}' })
    await expect(account.request('cancel_all', uwsCancelAllParams())).resolves.toMatchObject({
      success: true,
    })
    await until(
      () =>
        venue.received.filter((m) => (m.params as Json | undefined)?.channel === 'preferences').length === 3,
      'preferences asked for three times',
    )
    venue.send(
      '{"channel":"preferences","type":"snapshot","data":{"futures_permission":"disabled","leverage_preferences":[]}}',
    )
    await until(() => seen.prefs.length === 1, 'preferences snapshot')
    expect(seen.prefs[0]).toEqual({ permission: 'disabled', leverage: [] })
    expect(venue.connections).toBe(1)
  })
})

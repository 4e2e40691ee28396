import { describe, expect, it } from 'vitest'
import {
  KrakenWsPublicChannels,
  type ChannelEntry,
} from '../../../../src-main/kraken/ws/KrakenWsPublicChannels'

function setup() {
  const sent: Record<string, unknown>[] = []
  return { channels: new KrakenWsPublicChannels((m) => sent.push(m)), sent }
}

describe('KrakenWsPublicChannels', () => {
  it('gives each watcher its own symbol and ohlc interval, with the snapshot flag', () => {
    const { channels } = setup()
    const got: string[] = []
    const log = (who: string) => (entries: ChannelEntry[], snapshot: boolean) =>
      got.push(
        `${who} ${snapshot ? 'snapshot' : 'update'} ${entries.map((e) => e.close ?? e.price).join(',')}`,
      )
    channels.watch('ohlc', 'BTC/USD', log('btc-1m'), { interval: 1 })
    channels.watch('ohlc', 'BTC/USD', log('btc-5m'), { interval: 5 })
    channels.watch('trade', 'BTC/USD', log('btc-trade'))
    channels.watch('ohlc', 'ETH/USD', log('eth-5m'), { interval: 5 })
    const data = [
      { symbol: 'BTC/USD', interval: 5, close: '65001.3' },
      { symbol: 'ETH/USD', interval: 5, close: '3400.10' },
    ]
    channels.dispatch({ channel: 'ohlc', type: 'update', data }, data)
    expect(got).toEqual(['btc-5m update 65001.3', 'eth-5m update 3400.10'])

    const trades = [
      { symbol: 'BTC/USD', price: '65001.2' },
      { symbol: 'BTC/USD', price: '65001.30' },
    ]
    channels.dispatch({ channel: 'trade', type: 'snapshot', data: trades }, trades)
    expect(got.slice(2)).toEqual(['btc-trade snapshot 65001.2,65001.30'])
  })

  it('subscribes on watch and again after a reconnect; a replaced watch stopping leaves the new one', () => {
    const { channels, sent } = setup()
    const stopFirst = channels.watch('ticker', 'BTC/USD', () => undefined)
    const stopSecond = channels.watch('ticker', 'BTC/USD', () => undefined)
    const sub = { method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'], snapshot: true } }
    expect(sent).toEqual([sub, sub])
    stopFirst()
    expect(sent.length).toBe(2)
    channels.subscribeAll()
    expect(sent).toEqual([sub, sub, sub])
    stopSecond()
    expect(sent[3]).toEqual({ method: 'unsubscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } })
    channels.subscribeAll()
    expect(sent.length).toBe(4)
  })
})

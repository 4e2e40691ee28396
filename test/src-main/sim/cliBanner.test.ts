// What `npm run sim` prints: every endpoint, the derivatives ones included (uwsPublic, uwsPrivate,
// fixDerivatives), with the account's key.
import { describe, expect, it } from 'vitest'
import { bannerLines } from '../../../src-main/sim/cliBanner'

describe('npm run sim banner', () => {
  it('lists spot and derivatives endpoints', () => {
    const lines = bannerLines(
      3,
      {
        rest: 'http://127.0.0.1:4100',
        wsPublic: 'ws://127.0.0.1:4100/v2',
        wsPrivate: 'ws://127.0.0.1:4100/auth/v2',
        wsL3: 'ws://127.0.0.1:4100/v2/l3',
        fix: { host: '127.0.0.1', port: 4101 },
        uwsPublic: 'ws://127.0.0.1:4102/v2/public',
        uwsPrivate: 'ws://127.0.0.1:4102/v2/private',
        fixDerivatives: { host: '127.0.0.1', port: 4103 },
      },
      ['BTC/USD', 'ETH/USD'],
      ['PF_XBTUSD', 'PF_ETHUSD'],
      { account: 'trader', apiKey: 'KEY', apiSecret: 'U0VDUkVU' },
    )
    expect(lines).toEqual([
      'Trident built-in exchange running (seed 3)',
      '  REST:                http://127.0.0.1:4100/0/public/Time',
      '  WebSocket v2 public: ws://127.0.0.1:4100/v2',
      '  WebSocket v2 auth:   ws://127.0.0.1:4100/auth/v2',
      '  FIX 4.4:             127.0.0.1:4101 (TargetCompID KRAKEN-TRD / KRAKEN-MD)',
      '  Unified WS public:   ws://127.0.0.1:4102/v2/public',
      '  Unified WS private:  ws://127.0.0.1:4102/v2/private',
      '  FIX derivatives:     127.0.0.1:4103 (TargetCompID KRAKEN-DRV-TRD)',
      '  instruments:         BTC/USD, ETH/USD',
      '  perpetuals:          PF_XBTUSD, PF_ETHUSD',
      '  account "trader": API key KEY',
      '                        API secret U0VDUkVU',
    ])
  })
})

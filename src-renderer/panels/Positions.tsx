import { useTradingStore } from '../stores/tradingStore'

/**
 * Net position, average entry and PnL per instrument, marked where the position would close: a
 * long at the bid, a short at the ask (the mid when flat or the book is one-sided). The mark says
 * which it is, so a PnL that jumps with the spread is not a mystery.
 */
export function Positions() {
  const positions = useTradingStore((s) => s.positions.positions)
  const balances = useTradingStore((s) => s.positions.balances)
  return (
    <section className="panel positions" aria-label="Positions" data-testid="positions">
      <header className="panel-head">
        <span className="panel-title">Positions</span>
      </header>
      <table>
        <thead>
          <tr>
            <th>Symbol</th>
            <th>Net</th>
            <th>Unrealised</th>
            <th>Realised</th>
            <th>Avg price</th>
            <th>Mark</th>
          </tr>
        </thead>
        <tbody>
          {positions.map((p) => (
            <tr key={p.symbol} data-testid="position-row" data-symbol={p.symbol}>
              <td>{p.symbol}</td>
              <td className="num" data-testid="position-net">
                {p.net}
              </td>
              {/* PnL right after the position: the columns a trader must never have to scroll to */}
              <td
                className={`num ${p.unrealisedPnl.startsWith('-') ? 'neg' : 'pos'}`}
                data-testid="position-upnl"
              >
                {p.unrealisedPnl}
              </td>
              <td className={`num ${p.realisedPnl.startsWith('-') ? 'neg' : 'pos'}`}>{p.realisedPnl}</td>
              <td className="num" data-testid="position-avg">
                {p.avgPrice}
              </td>
              <td className="num" data-testid="position-mark" data-source={p.markSource ?? 'mid'}>
                {p.mark}
                {p.markSource && p.markSource !== 'none' && <span className="muted"> {p.markSource}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {positions.length === 0 && <div className="empty">Flat: no fills yet</div>}
      <div className="balances" data-testid="balances">
        {balances.map((b) => (
          <span key={b.asset} className="balance" data-testid={`balance-${b.asset}`}>
            {b.asset} <b>{b.balance}</b>
          </span>
        ))}
      </div>
    </section>
  )
}

import { useDerivativesStore, useDerivativesSubscription } from '../stores/derivativesStore'
import { useTradingStore } from '../stores/tradingStore'
import { fundingWords, positionCells } from './marginModel'

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
      {/* no header over an empty table: in the default layout the panel is short, and a derivatives
          position below must show without scrolling */}
      {positions.length > 0 && (
        <table data-testid="spot-positions">
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
      )}
      {positions.length === 0 && <div className="empty">Flat: no fills yet</div>}
      <MarginPositions />
      <DerivativesPositions />
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

const signClass = (text: string): string => (text.startsWith('-') ? 'neg' : 'pos')

/**
 * Spot margin positions as Kraken holds them (REST OpenPositions, exact texts): the coins were
 * borrowed, so they are Kraken's positions, not balances. Shown only while there is one.
 */
function MarginPositions() {
  const margin = useTradingStore((s) => s.positions.marginPositions)
  if (!margin?.length) return null
  return (
    <table className="margin-positions" data-testid="margin-positions">
      <thead>
        <tr>
          <th>Margin</th>
          <th>Side</th>
          <th>Volume</th>
          <th>Leverage</th>
          <th>Unrealised</th>
          <th>Value</th>
          <th>Held</th>
        </tr>
      </thead>
      <tbody>
        {margin.map((m) => (
          <tr key={m.id} data-testid="margin-position-row" data-symbol={m.symbol}>
            <td>{m.symbol}</td>
            <td>{m.side === 'buy' ? 'long' : 'short'}</td>
            <td className="num" data-testid="margin-volume">
              {m.volume}
            </td>
            <td className="num" data-testid="margin-leverage">
              {m.leverage}×
            </td>
            <td className={`num ${signClass(m.net)}`} data-testid="margin-net">
              {m.net}
            </td>
            <td className="num">{m.value}</td>
            <td className="num">{m.margin}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/**
 * Derivatives positions, one row per contract, as main reports them (exact texts): shown when
 * the venue offers derivatives, or while any position is open.
 */
function DerivativesPositions() {
  useDerivativesSubscription()
  const view = useDerivativesStore((s) => s.view)
  if (!view || (!view.available && view.positions.length === 0)) return null
  const rows = view.positions.map(positionCells).filter((c) => !/^[+-]?0*\.?0*$/.test(c.size))
  return (
    <div className="deriv-positions" data-testid="deriv-positions">
      <div className="panel-subhead">
        Derivatives{view.permission === 'reduce_only' ? ' (reduce-only account)' : ''}
      </div>
      {/* no header over an empty table (as spot's): the panel must not scroll sideways for it */}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Contract</th>
              <th title="contracts: + long, − short">Size</th>
              <th>Entry</th>
              <th>Mark</th>
              <th>Liq. price</th>
              <th>Unrealised</th>
              <th>Realised</th>
              <th>Funding</th>
              <th title="initial margin, USD">Margin</th>
              <th title="effective leverage · the market's preference">Leverage</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.contract} data-testid="deriv-position-row" data-symbol={c.contract}>
                <td>{c.contract}</td>
                <td className={`num ${signClass(c.size)}`} data-testid="deriv-size">
                  {c.size}
                </td>
                <td className="num" data-testid="deriv-entry">
                  {c.entry}
                </td>
                <td className="num" data-testid="deriv-mark">
                  {c.mark}
                </td>
                <td className="num" data-testid="deriv-liq">
                  {c.liquidation}
                </td>
                <td className={`num ${signClass(c.unrealised)}`} data-testid="deriv-upnl">
                  {c.unrealised}
                </td>
                <td className={`num ${signClass(c.realised)}`} data-testid="deriv-rpnl">
                  {c.realised}
                </td>
                <td className="num" data-testid="deriv-funding">
                  {c.funding}
                </td>
                <td className="num" data-testid="deriv-margin">
                  {c.margin}
                </td>
                <td className="num" data-testid="deriv-leverage">
                  {c.leverage}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length === 0 && <div className="empty">No derivatives position</div>}
      {view.funding.length > 0 && (
        <div className="muted" data-testid="deriv-funding-rates">
          {view.funding.map(fundingWords).join(' · ')}
        </div>
      )}
    </div>
  )
}

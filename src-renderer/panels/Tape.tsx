import { useCalmTopic } from '../stores/useCalmTopic'

/** Time and sales: every public trade, newest on top, coloured by the aggressor's side. */
export function Tape({ symbol }: { symbol: string }) {
  // read, not reacted to: redrawn at most 5 times a second under bursts
  const view = useCalmTopic('trades', { symbol }, 200, symbol)
  return (
    <section className="panel tape" aria-label="Time and sales" data-testid="tape">
      <header className="panel-head">
        <span className="panel-title">Time &amp; sales</span>
        <span className="symbol">{symbol}</span>
      </header>
      <div className="table-wrap">
        <table>
          <tbody>
            {(view?.trades ?? []).slice(0, 60).map((t) => (
              <tr key={t.id} className={t.side} data-testid="tape-row">
                <td>{new Date(t.time).toISOString().slice(11, 19)}</td>
                <td className={`num ${t.side === 'buy' ? 'pos' : 'neg'}`}>{t.price}</td>
                <td className="num">{t.qty}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!view?.trades.length && <div className="empty">Waiting for trades…</div>}
      </div>
    </section>
  )
}

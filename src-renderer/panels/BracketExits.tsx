import { useState } from 'react'
import { getBridge } from '../bridge'
import { useBracketsStore } from '../stores/bracketsStore'
import { useTicketStore } from '../stores/ticketStore'
import { sayFailure } from '../trading/say'
import { latestProtections, templateFromForm, templateProtections, type TemplateForm } from './bracketModel'

const BLANK: TemplateForm = {
  name: '',
  targets: '10:100',
  stopTicks: '10',
  stopType: 'stop-loss',
  breakevenTicks: '',
  trailTicks: '',
}

/**
 * The ticket's exits: which exit template every fill of the entry gets (none, or a saved one; key
 * E cycles them), where each of its protections lives (at Kraken, or in Trident), and a small
 * editor to save one. Choosing changes the ticket only: nothing is sent from here.
 */
export function BracketExits() {
  const chosen = useTicketStore((s) => s.exitTemplate ?? '')
  const set = useTicketStore((s) => s.set)
  const templates = useBracketsStore((s) => s.view?.templates)
  const symbol = useTicketStore((s) => s.symbol)
  const view = useBracketsStore((s) => s.view)
  const live = latestProtections(view, symbol)
  const [editing, setEditing] = useState(false)
  const template = templates?.find((t) => t.id === chosen)
  const remove = async (id: string, name: string): Promise<void> => {
    try {
      await getBridge().invoke('brackets.templates.delete', { id })
      set({ exitTemplate: '' })
    } catch (e) {
      sayFailure(e, `Exit template '${name}' not deleted`)
    }
  }
  return (
    <div className="bracket-exits" data-testid="ticket-exits-box">
      <div className="row">
        <label>
          Exits
          <select
            value={chosen}
            onChange={(e) => set({ exitTemplate: e.target.value })}
            data-testid="ticket-exits"
            title="key e: next exit template"
          >
            <option value="">none</option>
            {templates?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {template && (
          <button
            type="button"
            onClick={() => void remove(template.id, template.name)}
            data-testid="exits-delete"
            title={`Delete the exit template '${template.name}' (brackets already working keep their legs)`}
          >
            Delete
          </button>
        )}
        <button
          type="button"
          onClick={() => setEditing(!editing)}
          data-testid="exits-edit"
          aria-expanded={editing}
        >
          {editing ? 'Close' : 'New exits…'}
        </button>
      </div>
      {template && (
        <ul className="protections" data-testid="ticket-protections">
          {templateProtections(template).map((p) => (
            <li key={p.what} className={p.where === 'at Kraken' ? 'at-kraken' : 'in-trident'}>
              <span className="where">{p.where}</span> {p.what}
            </li>
          ))}
        </ul>
      )}
      {live.length > 0 && (
        // one line (the send button must stay in the default layout); every protection in its title
        <div
          className="muted"
          data-testid="bracket-protections"
          title={live.map((p) => `${p.where}: ${p.what}`).join('\n')}
        >
          Latest {symbol} bracket: {placesLine(live)}
        </div>
      )}
      {editing && (
        <TemplateEditor
          onSaved={(id) => {
            set({ exitTemplate: id })
            setEditing(false)
          }}
        />
      )}
    </div>
  )
}

/** "2 at Kraken · 1 in Trident": how many of a bracket's protections live where. */
function placesLine(ps: readonly { where: string }[]): string {
  const k = ps.filter((p) => p.where === 'at Kraken').length
  return `${k} at Kraken · ${ps.length - k} in Trident`
}

/** Name, targets (ticks:percent), stop (ticks and type), breakeven and trail ticks; refusals in words. */
function TemplateEditor({ onSaved }: { onSaved: (id: string) => void }) {
  const [f, setF] = useState<TemplateForm>(BLANK)
  const [problems, setProblems] = useState<string[]>([])
  const field = (k: keyof TemplateForm, label: string, title?: string) => (
    <label title={title}>
      {label}
      <input
        value={f[k]}
        onChange={(e) => setF({ ...f, [k]: e.target.value.slice(0, 60) })}
        data-testid={`exits-${k}`}
      />
    </label>
  )
  const save = async (): Promise<void> => {
    const r = templateFromForm(f)
    if ('problems' in r) return setProblems(r.problems)
    try {
      const saved = await getBridge().invoke('brackets.templates.save', r.template)
      setProblems([])
      onSaved(saved.id)
    } catch (e) {
      setProblems([e instanceof Error ? e.message : String(e)])
      sayFailure(e, 'Exit template not saved')
    }
  }
  return (
    <div
      className="exits-editor"
      data-testid="exits-editor"
      onKeyDown={(e) => {
        // Enter here saves the template: the ticket's Enter (send the order) must not see it
        if (e.key !== 'Enter') return
        e.preventDefault()
        e.stopPropagation()
        void save()
      }}
    >
      {field('name', 'Name')}
      {field('targets', 'Targets (ticks:%)', 'e.g. 10:50 20:50 — two targets, half the fill each')}
      <div className="row">
        {field('stopTicks', 'Stop (ticks)')}
        <label>
          Stop type
          <select
            value={f.stopType}
            onChange={(e) => setF({ ...f, stopType: e.target.value as TemplateForm['stopType'] })}
            data-testid="exits-stopType"
          >
            <option value="stop-loss">stop-loss</option>
            <option value="stop-loss-limit">stop-loss-limit</option>
          </select>
        </label>
      </div>
      <div className="row">
        {field(
          'breakevenTicks',
          'Breakeven after',
          'ticks in profit before the stop moves to the entry; empty: never',
        )}
        {field(
          'trailTicks',
          'Trail (ticks)',
          'the stop follows the market this far behind; empty: no trailing',
        )}
      </div>
      {problems.length > 0 && (
        <ul className="problems" data-testid="exits-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => void save()} data-testid="exits-save">
        Save exits
      </button>
    </div>
  )
}

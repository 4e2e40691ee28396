/**
 * One clock for a window's periodic views (the ladder's DOM mirror, the status bar's counters and
 * clock, the L2 table, the chart, countdowns). Each had a setInterval of its own, so their updates
 * came in separate tasks: a React commit and a style/layout pass each, 16–20 commits a second in
 * the main window under bursts. On one clock, the views due on the same tick update in one task,
 * which React batches into one commit. Periods stay as asked: a period that is not a whole number
 * of ticks keeps a timer of its own.
 */
export const UI_TICK_MS = 250

interface Entry {
  every: number
  fn: () => void
}

const entries = new Set<Entry>()
let ticks = 0
let timer: ReturnType<typeof setInterval> | null = null

function tick(): void {
  ticks++
  // a copy: a view may stop (unmount) while the tick runs
  for (const e of [...entries]) if (entries.has(e) && ticks % e.every === 0) e.fn()
}

/** Calls `fn` every `ms` on the window's shared clock; returns the stop. */
export function every(ms: number, fn: () => void): () => void {
  if (ms <= 0 || ms % UI_TICK_MS !== 0) {
    const own = setInterval(fn, ms)
    return () => clearInterval(own)
  }
  const entry: Entry = { every: ms / UI_TICK_MS, fn }
  entries.add(entry)
  timer ??= setInterval(tick, UI_TICK_MS)
  return () => {
    entries.delete(entry)
    if (entries.size === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }
}

/** @internal for tests: whether the shared timer runs */
export function clockRunning(): boolean {
  return timer !== null
}

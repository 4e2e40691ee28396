import { useEffect, useState } from 'react'
import { every } from './uiClock'

/**
 * The time, read again every `ms` on the window's shared clock (uiClock.ts) rather than at every
 * render: for ages and countdowns. `null`: not read again (nothing is counting down).
 */
export function useNow(ms: number | null): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => (ms === null ? undefined : every(ms, () => setNow(Date.now()))), [ms])
  return now
}

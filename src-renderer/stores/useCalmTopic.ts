import { useEffect, useRef, useState } from 'react'
import type { TopicMessage, TopicName, TopicParams } from '../../src-preload/contract/contract'
import { getBridge } from '../bridge'
import { every } from './uiClock'

/**
 * A topic for panels that are read, not reacted to (time & sales, chart): the first message shows
 * at once, later ones at most every `ms`, so under bursts they take no frames from the ladder
 * (as the L2 table does). The ladder itself stays on every frame.
 */
export function useCalmTopic<K extends TopicName>(
  topic: K,
  params: TopicParams<K>,
  ms: number,
  key: string,
): TopicMessage<K> | null {
  const [view, setView] = useState<TopicMessage<K> | null>(null)
  const latest = useRef<TopicMessage<K> | null>(null)
  useEffect(() => {
    let shown = false
    let pending = false
    const stop = getBridge().subscribe(topic, params, (m) => {
      latest.current = m
      if (!shown) {
        shown = true
        setView(m)
      } else pending = true
    })
    const stopTimer = every(ms, () => {
      if (!pending) return
      pending = false
      setView(latest.current)
    })
    return () => {
      stop()
      stopTimer()
    }
    // re-subscribes when `key` (the params as text) changes, not for a new params object each
    // render; callers key the panel by instrument, so a new instrument starts from an empty view
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [topic, key, ms])
  return view
}

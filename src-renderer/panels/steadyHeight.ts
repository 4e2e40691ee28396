import { useLayoutEffect, type RefObject } from 'react'

/** A wrapping bar's height floor, and the width it was measured at. */
export interface HeightFloor {
  width: number
  minHeight: number
}

/**
 * The next height floor of a bar whose items wrap (the status bar): it only rises while the width
 * stays, and starts again when the width changes. A pill's text changes width all day (a link's
 * latency, the rate counter's pairs as the trader trades, the book's counters); near a line's end
 * that moves a pill to the next line and back, and each time the workspace above shrinks or grows
 * and every panel in it is laid out again, a long task (50 – 150 ms seen on a 2-core machine)
 * with the ladder frozen. With the floor the bar grows at most as often as it reaches a new
 * number of lines, and never shrinks back until the window is resized.
 */
export function nextFloor(prev: HeightFloor | null, width: number, height: number): HeightFloor {
  if (!prev || prev.width !== width) return { width, minHeight: height }
  return { width, minHeight: Math.max(prev.minHeight, height) }
}

/** Hold `ref`'s element at the highest height it has had at its width (see nextFloor). */
export function useSteadyHeight(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    let floor: HeightFloor | null = null
    // exact (fractional) sizes: a floor rounded off a 120.5 px bar moves the dock by half a pixel,
    // and that is a layout of every panel too
    const size = () => el.getBoundingClientRect()
    const ro = new ResizeObserver(() => {
      const { width } = size()
      if (floor && floor.width !== width) {
        // a new width wraps afresh: measure the bar's own height there, without the old floor
        el.style.minHeight = ''
        floor = null
      }
      floor = nextFloor(floor, width, size().height)
      el.style.minHeight = `${floor.minHeight}px`
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [ref])
}

import { useLayoutEffect, type RefObject } from 'react'

/** A wrapping bar's height floor, and the width it was measured at. */
export interface HeightFloor {
  width: number
  minHeight: number
}

/**
 * The next height floor of a bar whose items wrap (the status bar), from its content's own
 * height: it rises with the content, holds when the content is lower by up to one line (`line`),
 * and comes down to one line above the content when it is lower by more; a new width starts
 * again. A pill's text changes width all day (a link's latency, the rate counter's pairs as the
 * trader trades, the book's counters); near a line's end that moved a pill to the next line and
 * back, and each time the workspace above shrank or grew and every panel in it was laid out
 * again, a long task (50 – 150 ms seen on a 2-core machine) with the ladder frozen. Held by one
 * line, that back and forth no longer reaches the workspace; a bar grown by something that has
 * gone (margin warnings, a long error) does not keep an empty band for the rest of the day.
 */
export function nextFloor(
  prev: HeightFloor | null,
  width: number,
  height: number,
  line: number,
): HeightFloor {
  if (!prev || prev.width !== width) return { width, minHeight: height }
  return { width, minHeight: Math.max(height, Math.min(prev.minHeight, height + line)) }
}

/**
 * Hold the `bar` element at the floor (nextFloor) of its `content` element's height: the
 * content is observed and the bar is sized, so the observer never sees its own change.
 */
export function useSteadyHeight(
  bar: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
): void {
  useLayoutEffect(() => {
    const outer = bar.current
    const inner = content.current
    if (!outer || !inner) return
    let floor: HeightFloor | null = null
    const px = (v: string) => parseFloat(v) || 0
    const ro = new ResizeObserver(() => {
      // exact (fractional) sizes: a floor rounded off a 120.5 px bar moves the workspace by half
      // a pixel, and that is a layout of every panel too
      const { width, height } = inner.getBoundingClientRect()
      const first = inner.firstElementChild?.getBoundingClientRect().height ?? 0
      floor = nextFloor(floor, width, height, first + px(getComputedStyle(inner).rowGap))
      const o = getComputedStyle(outer)
      const edges = px(o.paddingTop) + px(o.paddingBottom) + px(o.borderTopWidth) + px(o.borderBottomWidth)
      outer.style.minHeight = `${floor.minHeight + edges}px`
    })
    ro.observe(inner)
    return () => ro.disconnect()
  }, [bar, content])
}

import { describe, expect, it } from 'vitest'
import { cyclicComponents, describeCycle, type ImportGraph } from './importGraph'

const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges))

describe('import cycle detector', () => {
  it('finds a two-file cycle and writes it as a closed walk', () => {
    const g = graph({ 'a.ts': ['b.ts'], 'b.ts': ['a.ts', 'c.ts'], 'c.ts': [] })
    const components = cyclicComponents(g)
    expect(components).toEqual([['a.ts', 'b.ts']])
    expect(describeCycle(g, components[0]!)).toBe('a.ts → b.ts → a.ts')
  })

  it('finds a longer cycle behind a tail, and a file importing itself', () => {
    const g = graph({
      'entry.ts': ['x.ts'],
      'x.ts': ['y.ts'],
      'y.ts': ['z.ts'],
      'z.ts': ['x.ts'],
      'self.ts': ['self.ts'],
    })
    const components = cyclicComponents(g)
    expect(components).toEqual([['self.ts'], ['x.ts', 'y.ts', 'z.ts']])
    expect(components.map((c) => describeCycle(g, c))).toEqual([
      'self.ts → self.ts',
      'x.ts → y.ts → z.ts → x.ts',
    ])
  })

  it('walks every file of a component with two cycles through one file', () => {
    const g = graph({ 'hub.ts': ['a.ts', 'b.ts'], 'a.ts': ['hub.ts'], 'b.ts': ['hub.ts'] })
    const [component] = cyclicComponents(g)
    expect(describeCycle(g, component!)).toBe('a.ts → hub.ts → b.ts → hub.ts → a.ts')
  })

  it('finds nothing in a DAG, diamonds included', () => {
    const g = graph({
      'top.ts': ['left.ts', 'right.ts'],
      'left.ts': ['bottom.ts'],
      'right.ts': ['bottom.ts'],
      'bottom.ts': [],
    })
    expect(cyclicComponents(g)).toEqual([])
  })
})

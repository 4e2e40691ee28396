// The import graph of the sources and its cycles (issue 16: "No import cycles"). Type-only imports
// are edges too: a cycle of knowledge is what makes two files impossible to move apart.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

/** file → the files it imports (repo-relative paths). */
export type ImportGraph = Map<string, string[]>

const SOURCE = /\.tsx?$/

function sourcesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sourcesUnder(p))
    else if (SOURCE.test(name)) out.push(p)
  }
  return out
}

/** Every .ts/.tsx file of the given top-level folders, repo-relative with '/' separators. */
export function sourceFiles(root: string, folders: string[]): string[] {
  return folders
    .flatMap((f) => sourcesUnder(join(root, f)))
    .map((p) => relative(root, p).split(sep).join('/'))
    .sort()
}

/** A relative specifier resolved as the bundler does (file, .ts/.tsx, folder index), or undefined. */
function resolveSource(root: string, from: string, spec: string): string | undefined {
  const base = resolve(root, dirname(from), spec)
  const hit = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find(
    (p) => SOURCE.test(p) && existsSync(p) && statSync(p).isFile(),
  )
  return hit && relative(root, hit).split(sep).join('/')
}

/** The graph of relative imports (import, export … from, import(), import type) between `files`. */
export function buildImportGraph(root: string, files: string[]): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveSource(root, file, s))
      .filter((t): t is string => t !== undefined)
    graph.set(file, [...new Set(targets)].sort())
  }
  return graph
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cyclicComponents(graph: ImportGraph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const found: string[][] = []

  // Iterative, so a long import chain cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }]
    index.set(start, next)
    low.set(start, next++)
    stack.push(start)
    onStack.add(start)
    while (work.length) {
      const top = work[work.length - 1]!
      const edges = graph.get(top.node) ?? []
      if (top.edge < edges.length) {
        const to = edges[top.edge++]!
        if (!index.has(to)) {
          index.set(to, next)
          low.set(to, next++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, edge: 0 })
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!))
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!))
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = []
        let member: string
        do {
          member = stack.pop()!
          onStack.delete(member)
          component.push(member)
        } while (member !== top.node)
        const selfLoop = component.length === 1 && (graph.get(top.node) ?? []).includes(top.node)
        if (component.length > 1 || selfLoop) found.push(component.sort())
      }
    }
  }
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!))
}

/** The shortest import path from `from` to `to` inside `within` (breadth first, sorted edges). */
function shortestPath(graph: ImportGraph, within: Set<string>, from: string, to: string): string[] {
  const cameFrom = new Map<string, string>()
  const queue = [from]
  const seen = new Set([from])
  while (queue.length) {
    const node = queue.shift()!
    for (const next of graph.get(node) ?? []) {
      if (!within.has(next)) continue
      if (next === to) {
        const path = [to, node]
        for (let n = node; n !== from; n = cameFrom.get(n)!) path.push(cameFrom.get(n)!)
        return path.reverse()
      }
      if (seen.has(next)) continue
      seen.add(next)
      cameFrom.set(next, node)
      queue.push(next)
    }
  }
  throw new Error(`${to} is not reachable from ${from} inside its component`)
}

/**
 * A component written as one closed walk through all its files, from the first in order and back:
 * `a.ts → b.ts → a.ts`. Deterministic, so it can be compared with a written list.
 */
export function describeCycle(graph: ImportGraph, component: string[]): string {
  const within = new Set(component)
  const first = component[0]!
  const walk = [first]
  const unvisited = new Set(component.slice(1))
  let at = first
  while (unvisited.size) {
    // go to the nearest file not visited yet (ties: the first in order)
    let best: string[] | undefined
    for (const target of [...unvisited].sort()) {
      const path = shortestPath(graph, within, at, target)
      if (!best || path.length < best.length) best = path
    }
    for (const n of best!.slice(1)) unvisited.delete(n)
    walk.push(...best!.slice(1))
    at = walk[walk.length - 1]!
  }
  walk.push(...shortestPath(graph, within, at, first).slice(1))
  return walk.join(' → ')
}

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/**
 * A require("…") or require('…') call with a literal specifier, on a line of the module's top
 * level: a line that starts unindented and is no comment. A require inside a function (a lazy one:
 * jspurefix's HTTP transport, winston's transports) or in a comment is not followed, as a plain
 * require would not load it.
 */
const TOP_LEVEL_LINE = /^(?![\s/*]).*\brequire\(.*$/gm
const REQUIRE_CALL = /\brequire\((["'])([^"'\n]+)\1\)/g

/**
 * Loads a CommonJS package's modules into the require cache in slices of about `sliceMs`, yielding
 * to the event loop between slices, so that the package's own `require` afterwards finds every
 * module loaded and returns at once.
 *
 * Why: jspurefix is ~1,600 modules. Required in one go (when the FIX link starts, just after the
 * first window shows its book) it held main's thread for ~0.7 s on a 2-core machine: no book
 * reached any window and no order left meanwhile. Loading it module by module takes as long in
 * all, but in slices main keeps serving between them.
 *
 * The modules finish loading in the order Node itself would finish them: those reachable from the
 * entry through literal require calls (found by scanning the files), dependencies first. Modules
 * that require each other in a cycle are loaded through the one the entry reaches first, as a
 * plain require enters the cycle, so each sees the same partly loaded exports as without warming.
 * One difference: a module's lines before its first require run after its dependencies have
 * loaded, not before (so a module that sets a global its dependency reads while loading would
 * differ; TypeScript's compiled modules, jspurefix's, only set up their own exports there). A
 * module already in the cache (a stand-in, such as the mathjs one) is not followed, nor a require
 * that is not on a line of the module's top level (see TOP_LEVEL_LINE). Best effort: a module that
 * cannot be read is skipped, and one that fails to load stops the warming; the real require
 * reports it.
 */
export async function warmRequire(
  entry: string,
  from: string,
  options: { sliceMs?: number; yieldNow?: () => Promise<void> } = {},
): Promise<number> {
  const sliceMs = options.sliceMs ?? 8
  const yieldNow = options.yieldNow ?? (() => new Promise<void>((r) => setImmediate(r)))
  const req = createRequire(from)
  let root: string
  try {
    root = req.resolve(entry)
  } catch {
    return 0
  }
  const order = await loadOrder(root, req.cache, yieldNow)
  let loaded = 0
  let sliceStart = performance.now()
  for (const id of order) {
    if (req.cache[id]) continue
    try {
      req(id)
      loaded++
    } catch {
      // the real require says what is wrong with it, where it is used; warming stops here (a
      // module that failed is run again by that require, and modules in its cycle would hold
      // the exports of the failed run)
      return loaded
    }
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldNow()
      sliceStart = performance.now()
    }
  }
  return loaded
}

/**
 * The modules to require, in order: Tarjan's strongly connected components over the literal
 * require graph, which completes components dependencies-first; a component of several modules
 * (a cycle) is entered through its root, the module the depth-first walk (in source order, as
 * Node evaluates) reached first.
 */
async function loadOrder(
  root: string,
  cache: NodeJS.Require['cache'],
  yieldNow: () => Promise<void>,
): Promise<string[]> {
  const deps = new Map<string, string[]>()
  // read every reachable file first (asynchronously), then walk the graph synchronously
  const pending = [root]
  while (pending.length) {
    const batch = pending.splice(0, 64).filter((f) => !deps.has(f))
    for (const f of batch) deps.set(f, [])
    await Promise.all(
      batch.map(async (file) => {
        let text: string
        try {
          text = await readFile(file, 'utf8')
        } catch {
          return
        }
        const local = createRequire(file)
        const out: string[] = []
        const topLevel = (text.match(TOP_LEVEL_LINE) ?? []).join('\n')
        for (const m of topLevel.matchAll(REQUIRE_CALL)) {
          let id: string
          try {
            id = local.resolve(m[2]!)
          } catch {
            continue // optional, or not a file (a built-in resolves to its own name)
          }
          if (!id.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(id)) continue // node:… built-ins
          if (cache[id] || !/\.c?js$/.test(id)) continue
          out.push(id)
          if (!deps.has(id)) pending.push(id)
        }
        deps.set(file, out)
      }),
    )
    await yieldNow()
  }

  const order: string[] = []
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  // iterative Tarjan (a deep require chain must not overflow the stack)
  const visit = (start: string): void => {
    const frames: { id: string; next: number }[] = []
    const open = (id: string): void => {
      index.set(id, index.size)
      low.set(id, index.get(id)!)
      stack.push(id)
      onStack.add(id)
      frames.push({ id, next: 0 })
    }
    open(start)
    while (frames.length) {
      const top = frames[frames.length - 1]!
      const children = deps.get(top.id) ?? []
      if (top.next < children.length) {
        const c = children[top.next++]!
        if (!index.has(c)) open(c)
        else if (onStack.has(c)) low.set(top.id, Math.min(low.get(top.id)!, index.get(c)!))
        continue
      }
      frames.pop()
      const parent = frames[frames.length - 1]
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!))
      if (low.get(top.id) === index.get(top.id)) {
        // top is the component's root: pop the component, enter it through the root
        let m: string
        do {
          m = stack.pop()!
          onStack.delete(m)
        } while (m !== top.id)
        order.push(top.id)
      }
    }
  }
  visit(root)
  return order
}

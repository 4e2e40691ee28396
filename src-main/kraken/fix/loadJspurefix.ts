import { createRequire } from 'node:module'
import type * as Jspurefix from 'jspurefix'
import { installMathjsShim } from './mathjsShim'
import { warmRequire } from './warmRequire'

/** jspurefix logs through one process-wide factory; its warnings and errors go to the clients' logs. */
export const jspurefixSinks = new Set<(line: string) => void>()

let jspurefixReady: Promise<typeof Jspurefix> | null = null

/**
 * jspurefix, loaded once, when FIX is first used (it and reflect-metadata cost ~0.5 – 2 s of CPU
 * and much memory):
 *  - its mathjs (~1.2 s) is replaced by a one-function stand-in (mathjsShim.ts);
 *  - its ~1,600 modules are loaded in slices first (warmRequire.ts), so main keeps serving windows
 *    and orders meanwhile (in one go it held main for 0.7 – 1.0 s, just after the first window
 *    showed its book); then a plain require finds them all loaded (an `import()` would also run
 *    Node's ESM export scan over every re-exported module, ~0.1 – 0.2 s more in one block);
 *  - its warnings and errors are routed to the clients' logs;
 *  - a dictionary is parsed once per process (sharedDefinitions), not per session start.
 */
export function loadJspurefix(): Promise<typeof Jspurefix> {
  jspurefixReady ??= (async () => {
    await import('reflect-metadata')
    installMathjsShim()
    const at = require.resolve('jspurefix/package.json')
    // best effort: whatever it could not do, the require below does (and reports)
    await warmRequire('jspurefix', at).catch(() => 0)
    const req = createRequire(at)
    const m = req('jspurefix') as typeof Jspurefix
    const sink = (line: string): void => jspurefixSinks.forEach((s) => s(line))
    const quiet = { info: () => {}, debug: () => {}, warning: () => {}, error: () => {} }
    class RoutedLogFactory extends m.JsFixLoggerFactory {
      logger(type: string) {
        return {
          ...quiet,
          warning: (msg: string) => sink(`jspurefix ${type}: ${msg}`),
          error: (e: Error) => sink(`jspurefix ${type}: ${e.message}`),
        }
      }
      plain() {
        return quiet
      }
    }
    new m.SessionContainer().registerGlobal(new RoutedLogFactory())
    // after registerGlobal, which registers jspurefix's own factory in the same container
    const { container } = req('tsyringe') as { container: { registerInstance(t: unknown, v: unknown): void } }
    container.registerInstance(m.DefinitionFactory, sharedDefinitions(m))
    return m
  })()
  return jspurefixReady
}

/**
 * A DefinitionFactory that parses each dictionary once. jspurefix parses the session's dictionary
 * at every session start: the spot and the derivatives FIX sessions (the same Kraken FIX 4.4
 * dictionary file) and every reconnect each held main for 0.2 – 0.3 s (sax, then the graph built
 * in one synchronous block). The definitions are read-only once built, so sessions share them. A
 * parse that fails is not kept: the next start tries again.
 */
export function sharedDefinitions(m: typeof Jspurefix): InstanceType<typeof Jspurefix.DefinitionFactory> {
  const parsed = new Map<string, Promise<Jspurefix.FixDefinitions>>()
  return new (class SharedDefinitions extends m.DefinitionFactory {
    override getDefinitions(
      path: string,
      getLogger?: Parameters<Jspurefix.DefinitionFactory['getDefinitions']>[1],
    ): Promise<Jspurefix.FixDefinitions> {
      let p = parsed.get(path)
      if (!p) {
        p = super.getDefinitions(path, getLogger)
        parsed.set(path, p)
        p.catch(() => parsed.delete(path))
      }
      return p
    }
  })()
}

// The layer map and the ESLint rule `layers/allowed` that mirrors it (issue 16: "Layering enforced
// by lint ... one written layer map that the rule mirrors"). The map is plain data so that
// docs/ARCHITECTURE.md's "Layers" table and test/architecture/layers.test.ts can be checked against
// it. Type-only imports count: the layering is about what a layer knows, not what ends up bundled.
import { existsSync, statSync } from 'node:fs'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root: this file lives in scripts/lint/. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

// Packages that do I/O or need a Node/Electron process: pure layers and the renderer never import
// them (bare names too, since `fs` and `node:fs` are the same module).
const IO_PACKAGES = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'net',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'ws',
  'electron',
  'better-sqlite3',
  '@napi-rs/keyring',
]

/**
 * The layer map: repo-relative folder globs, first match wins. `mayImport` lists layers from the
 * bottom up; `mayImportFolders` admits single folders of a layer that is otherwise closed.
 * `packages` is either `{ only: [...] }` (allow-list) or `{ not: [...] }` (deny-list), with
 * `allowIn` naming folders where a denied package is allowed after all.
 */
export const LAYERS = [
  {
    name: 'domain',
    what: 'shared vocabulary: decimals, order types, sides, TIFs, link and book states',
    folders: ['src-domain/**'],
    mayImport: ['domain'],
    packages: { not: IO_PACKAGES },
  },
  {
    name: 'contract',
    what: 'typed IPC contract between main and windows (zod schemas)',
    folders: ['src-preload/contract/**'],
    // resources: the default keymap is data the contract validates and ships
    mayImport: ['domain', 'contract', 'resources'],
    packages: { only: ['zod'] },
  },
  {
    name: 'preload',
    what: 'the preload bridge',
    folders: ['src-preload/*.ts'],
    mayImport: ['domain', 'contract'],
    packages: { not: IO_PACKAGES.filter((p) => p !== 'electron') },
  },
  {
    name: 'renderer',
    what: 'React windows',
    folders: ['src-renderer/**'],
    mayImport: ['domain', 'contract', 'renderer'],
    packages: { not: IO_PACKAGES },
  },
  {
    name: 'core',
    what: 'pure logic: books, order state machine, risk, governor, router, positions, instruments',
    folders: ['src-main/core/**'],
    mayImport: ['domain', 'core'],
    packages: { not: IO_PACKAGES },
  },
  {
    name: 'venues',
    what: 'Kraken gateways: REST, WebSocket v2, FIX',
    folders: ['src-main/kraken/**'],
    mayImport: ['domain', 'core', 'venues'],
    packages: { not: ['electron'] },
  },
  {
    name: 'store',
    what: 'SQLite journal and settings',
    folders: ['src-main/store/**'],
    mayImport: ['domain', 'core', 'store'],
    packages: { not: ['electron'] },
  },
  {
    name: 'secrets',
    what: 'API keys in the OS keychain',
    folders: ['src-main/secrets/**'],
    mayImport: ['domain', 'secrets'],
    packages: { not: ['electron'] },
  },
  {
    name: 'exchange',
    what: 'the built-in Kraken-compatible exchange (REST, WS v2, FIX acceptor)',
    folders: ['src-main/sim/**'],
    // Independence: the exchange and the client check each other, so the exchange may share the
    // static instrument table and nothing else of main (never the client's codecs).
    mayImport: ['domain', 'exchange'],
    mayImportFolders: ['src-main/core/instruments/**'],
    packages: { not: ['electron'] },
  },
  {
    // Not in issue 16's first map: the lead moved StreamHub/HubSession here during the refactor.
    name: 'ipc',
    what: 'the stream hub: sessions, commands and topics over the contract, for any host',
    folders: ['src-main/ipc/**'],
    mayImport: ['domain', 'contract', 'ipc'],
    packages: { not: ['electron'] },
  },
  {
    name: 'features',
    what: 'feature modules: their command handlers and topics',
    folders: ['src-main/features/**'],
    mayImport: ['domain', 'contract', 'core', 'venues', 'store', 'secrets', 'ipc', 'features'],
    packages: { not: ['electron'] },
  },
  {
    name: 'app',
    what: 'composition root: builds the features and opens the venue session',
    folders: ['src-main/app/**'],
    mayImport: [
      'domain',
      'contract',
      'core',
      'venues',
      'store',
      'secrets',
      'exchange',
      'ipc',
      'features',
      'app',
    ],
    packages: { not: ['electron'] },
  },
  {
    name: 'hosts',
    what: 'process hosts: Electron, loopback (browser) host',
    folders: ['src-main/hosts/**'],
    // core: pure helpers a host needs to place windows on screens (workspaceDoc.placeWindow)
    mayImport: ['domain', 'contract', 'core', 'secrets', 'ipc', 'app', 'hosts'],
    packages: { not: ['electron'], allowIn: { 'src-main/hosts/electron/**': ['electron'] } },
  },
  {
    name: 'tools',
    what: 'command-line tools and benches',
    folders: ['src-main/tools/**'],
    mayImport: [
      'domain',
      'contract',
      'core',
      'venues',
      'store',
      'secrets',
      'exchange',
      'ipc',
      'features',
      'app',
      'hosts',
      'tools',
    ],
    packages: { not: ['electron'] },
  },
  {
    name: 'resources',
    what: 'static data files shipped with the app',
    folders: ['resources/**'],
    mayImport: [],
    packages: { only: [] },
  },
]

/**
 * Imports that break the map today, allowed until the code moves (issue 16). Each entry is exact:
 * the importing file and the imported repo path or package. test/architecture/layers.test.ts fails
 * when an entry no longer occurs, so the list can only shrink. Remove entries as the code moves.
 */
export const KNOWN_VIOLATIONS = [
  // empty: every import in the tree follows the map. Add an entry only with a reason and a plan.
]

/** Does a repo-relative path match a folder glob (`**` any depth, `*` one segment)? */
export function matchesGlob(path, glob) {
  const re = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*')
  return new RegExp(`^${re}$`).test(path)
}

/** The layer a repo-relative path belongs to, or undefined (first match wins). */
export function layerOf(path) {
  return LAYERS.find((l) => l.folders.some((g) => matchesGlob(path, g)))
}

const toRepo = (abs) => relative(ROOT, abs).split(sep).join('/')

const isFile = (p) => existsSync(p) && statSync(p).isFile()

/** Resolves a relative specifier as the bundler would: exact file, .ts/.tsx, or a folder's index. */
export function resolveSpecifier(fromAbs, spec) {
  const base = resolve(dirname(fromAbs), spec)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]
  const found = candidates.find(isFile)
  if (found) return found
  // A file that does not exist (yet, or a virtual path in a test): name it as the TypeScript
  // module it would be, so the message reads like the others.
  return extname(base) ? base : `${base}.ts`
}

function packageMatches(name, pattern) {
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1))
  return name === pattern || name.startsWith(`${pattern}/`)
}

/** Why a layer may not import a package, or undefined when it may. */
function packageRefusal(layer, file, name) {
  const { only, not, allowIn = {} } = layer.packages
  if (only) {
    if (only.some((p) => packageMatches(name, p))) return undefined
    return only.length
      ? `${layer.name} imports only the packages ${only.join(', ')}`
      : `${layer.name} imports no packages`
  }
  if (!not.some((p) => packageMatches(name, p))) return undefined
  for (const [glob, allowed] of Object.entries(allowIn))
    if (matchesGlob(file, glob) && allowed.some((p) => packageMatches(name, p))) return undefined
  const where = Object.entries(allowIn)
    .map(([glob, allowed]) => ` (${allowed.join(', ')} only under ${glob})`)
    .join('')
  return `${layer.name} imports no ${not.join(', ')}${where}`
}

/** Why `layer` may not import the repo path `target`, or undefined when it may. */
function layerRefusal(layer, target) {
  const to = layerOf(target)
  if (to && layer.mayImport.includes(to.name)) return undefined
  if (layer.mayImportFolders?.some((g) => matchesGlob(target, g))) return undefined
  const allowed = [...layer.mayImport, ...(layer.mayImportFolders ?? [])].join(', ')
  return `${layer.name} imports only ${allowed}`
}

const isKnown = (file, target) => KNOWN_VIOLATIONS.some((v) => v.file === file && v.import === target)

/** One import of a file checked against the map; calls `report(node, text)` when it is refused. */
function check(fileAbs, node, spec, report, { honourKnown }) {
  const file = toRepo(fileAbs)
  const layer = layerOf(file)
  if (!layer) return // reported once per file by Program
  if (spec.startsWith('.')) {
    const target = toRepo(resolveSpecifier(fileAbs, spec))
    const why = layerRefusal(layer, target)
    if (!why || (honourKnown && isKnown(file, target))) return
    const to = layerOf(target)
    report(
      node,
      `${file} (layer ${layer.name}) may not import ${target} (${to ? `layer ${to.name}` : 'in no layer'}): ${why}`,
    )
    return
  }
  const why = packageRefusal(layer, file, spec)
  if (!why || (honourKnown && isKnown(file, spec))) return
  report(node, `${file} (layer ${layer.name}) may not import package ${spec}: ${why}`)
}

/** The specifier of a string literal node, or undefined (computed imports cannot be checked). */
function literal(node) {
  if (!node) return undefined
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked
  return undefined
}

const allowed = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Imports follow the layer map in scripts/lint/layers.mjs (docs/ARCHITECTURE.md, Layers)',
    },
    schema: [
      {
        type: 'object',
        properties: { knownViolations: { enum: ['allow', 'report'] } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const fileAbs = context.filename
    const honourKnown = (context.options[0]?.knownViolations ?? 'allow') === 'allow'
    const report = (node, message) => context.report({ node, message })
    const visit = (node, sourceNode) => {
      const spec = literal(sourceNode)
      if (spec !== undefined) check(fileAbs, node, spec, report, { honourKnown })
    }
    return {
      Program(node) {
        const file = toRepo(fileAbs)
        if (!layerOf(file))
          report(node, `${file} is in no layer: add its folder to the layer map in scripts/lint/layers.mjs`)
      },
      ImportDeclaration: (node) => visit(node, node.source),
      ExportNamedDeclaration: (node) => visit(node, node.source),
      ExportAllDeclaration: (node) => visit(node, node.source),
      ImportExpression: (node) => visit(node, node.source),
      // `type X = import('../app/Y').Z`: a type-only dependency is still knowledge of that layer
      TSImportType: (node) => visit(node, node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => visit(node, node.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          visit(node, node.arguments[0])
      },
    }
  },
}

/** The ESLint plugin: `plugins: { layers }`, rule `layers/allowed`. */
export default { meta: { name: 'trident-layers' }, rules: { allowed } }

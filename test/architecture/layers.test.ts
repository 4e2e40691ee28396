// The layer rule (scripts/lint/layers.mjs) through ESLint's own API and the repo's eslint.config.mjs:
// deliberate violations at virtual paths must be refused in words, allowed imports must pass, the
// map must cover every source file, and docs/ARCHITECTURE.md must show the same map.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { KNOWN_VIOLATIONS, LAYERS, ROOT, layerOf } from '../../scripts/lint/layers.mjs'
import { sourceFiles } from './importGraph'

const eslint = new ESLint({ cwd: ROOT })

/** The layer rule's messages for `code` as if it lived at the repo path `file`. */
async function refusals(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
  return result!.messages.filter((m) => m.ruleId === 'layers/allowed').map((m) => m.message)
}

const IO_WORDS =
  'no node:*, fs, path, os, crypto, net, http, https, child_process, worker_threads, ws, electron, better-sqlite3, @napi-rs/keyring'

describe('layers/allowed refuses, in words', () => {
  it('core importing node:fs', async () => {
    expect(
      await refusals(
        'src-main/core/book/Probe.ts',
        "import { readFileSync } from 'node:fs'\nreadFileSync('x')\n",
      ),
    ).toEqual([
      `src-main/core/book/Probe.ts (layer core) may not import package node:fs: core imports ${IO_WORDS}`,
    ])
  })

  it('core importing the composition root, also type-only and through import()', async () => {
    const code = [
      "import type { TridentCore } from '../../app/TridentCore'",
      "export type T = import('../../app/VenueSession').VenueSession",
      "export const later = () => import('../../app/recovery')",
      'export type C = TridentCore',
    ].join('\n')
    expect(await refusals('src-main/core/book/Probe.ts', code)).toEqual([
      'src-main/core/book/Probe.ts (layer core) may not import src-main/app/TridentCore.ts (layer app): core imports only domain, core',
      'src-main/core/book/Probe.ts (layer core) may not import src-main/app/VenueSession.ts (layer app): core imports only domain, core',
      'src-main/core/book/Probe.ts (layer core) may not import src-main/app/recovery.ts (layer app): core imports only domain, core',
    ])
  })

  it('venues importing app, by import and by re-export', async () => {
    const code =
      "import type { VenueSession } from '../app/VenueSession'\nexport * from '../app/recovery'\nexport type T = VenueSession\n"
    expect(await refusals('src-main/kraken/Probe.ts', code)).toEqual([
      'src-main/kraken/Probe.ts (layer venues) may not import src-main/app/VenueSession.ts (layer app): venues imports only domain, core, venues',
      'src-main/kraken/Probe.ts (layer venues) may not import src-main/app/recovery.ts (layer app): venues imports only domain, core, venues',
    ])
  })

  it("the built-in exchange importing the client's codecs or core beyond the instrument table", async () => {
    const code =
      "import { scanBook } from '../kraken/ws/bookFrameScanner'\nimport { BookEngine } from '../core/book/BookEngine'\nexport { scanBook, BookEngine }\n"
    expect(await refusals('src-main/sim/Probe.ts', code)).toEqual([
      'src-main/sim/Probe.ts (layer exchange) may not import src-main/kraken/ws/bookFrameScanner.ts (layer venues): exchange imports only domain, exchange, src-main/core/instruments/**',
      'src-main/sim/Probe.ts (layer exchange) may not import src-main/core/book/BookEngine.ts (layer core): exchange imports only domain, exchange, src-main/core/instruments/**',
    ])
  })

  it('the renderer importing main, or Node', async () => {
    const code =
      "import type { TridentCore } from '../../src-main/app/TridentCore'\nimport { join } from 'node:path'\nexport type T = TridentCore\nexport const j = join\n"
    expect(await refusals('src-renderer/panels/Probe.tsx', code)).toEqual([
      'src-renderer/panels/Probe.tsx (layer renderer) may not import src-main/app/TridentCore.ts (layer app): renderer imports only domain, contract, renderer',
      `src-renderer/panels/Probe.tsx (layer renderer) may not import package node:path: renderer imports ${IO_WORDS}`,
    ])
  })

  it('the contract importing a main file or a package other than zod', async () => {
    const code =
      "import type { BookEngine } from '../../src-main/core/book/BookEngine'\nimport WebSocket from 'ws'\nexport type T = BookEngine\nexport const W = WebSocket\n"
    expect(await refusals('src-preload/contract/probe.ts', code)).toEqual([
      'src-preload/contract/probe.ts (layer contract) may not import src-main/core/book/BookEngine.ts (layer core): contract imports only domain, contract, resources',
      'src-preload/contract/probe.ts (layer contract) may not import package ws: contract imports only the packages zod',
    ])
  })

  it('electron outside the Electron host', async () => {
    expect(
      await refusals(
        'src-main/hosts/loopback/Probe.ts',
        "import { app } from 'electron'\nexport const a = app\n",
      ),
    ).toEqual([
      'src-main/hosts/loopback/Probe.ts (layer hosts) may not import package electron: hosts imports no electron (electron only under src-main/hosts/electron/**)',
    ])
  })

  it('a source file in no layer', async () => {
    expect(await refusals('src-main/Probe.ts', 'export const x = 1\n')).toEqual([
      'src-main/Probe.ts is in no layer: add its folder to the layer map in scripts/lint/layers.mjs',
    ])
  })
})

describe('layers/allowed lets the map through', () => {
  it.each([
    [
      'src-main/core/book/Probe.ts',
      "import { dec } from '../../../src-domain/decimal'\nimport { z } from 'zod'\nexport { dec, z }\n",
    ],
    [
      'src-main/kraken/ws/Probe.ts',
      "import { BookEngine } from '../../core/book/BookEngine'\nimport WebSocket from 'ws'\nexport { BookEngine, WebSocket }\n",
    ],
    [
      'src-main/sim/Probe.ts',
      "import { InstrumentRegistry } from '../core/instruments/InstrumentRegistry'\nexport { InstrumentRegistry }\n",
    ],
    [
      'src-renderer/panels/Probe.tsx',
      "import type { Api } from '../../src-preload/contract/api'\nexport type A = Api\n",
    ],
    [
      'src-main/hosts/electron/Probe.ts',
      "import { app } from 'electron'\nimport { TridentCore } from '../../app/TridentCore'\nexport { app, TridentCore }\n",
    ],
    ['src-preload/probe.ts', "import { contextBridge } from 'electron'\nexport { contextBridge }\n"],
    [
      'src-main/tools/Probe.ts',
      "import { KrakenWsPublicClient } from '../kraken/ws/KrakenWsPublicClient'\nimport { TridentCore } from '../app/TridentCore'\nexport { KrakenWsPublicClient, TridentCore }\n",
    ],
  ])('%s', async (file, code) => {
    expect(await refusals(file, code)).toEqual([])
  })
})

describe('the layer map', () => {
  it('puts every source file in a layer', () => {
    const files = sourceFiles(ROOT, ['src-domain', 'src-main', 'src-preload', 'src-renderer'])
    expect(files.length).toBeGreaterThan(150)
    expect(files.filter((f) => !layerOf(f))).toEqual([])
  })

  it('still needs every KNOWN_VIOLATIONS entry (remove the ones the code no longer has)', async () => {
    const strict = new ESLint({
      cwd: ROOT,
      overrideConfig: [
        {
          files: ['src-*/**/*.{ts,tsx}'],
          rules: { 'layers/allowed': ['error', { knownViolations: 'report' }] },
        },
      ],
    })
    const stale: string[] = []
    for (const v of KNOWN_VIOLATIONS) {
      const file = join(ROOT, v.file)
      const messages = existsSync(file)
        ? (await strict.lintFiles([file]))[0]!.messages.map((m) => m.message)
        : []
      if (
        !messages.some(
          // messages all start with the importing file (lintFiles reads only that one)
          (m) =>
            m.includes(` may not import ${v.import} (`) || m.includes(` may not import package ${v.import}:`),
        )
      )
        stale.push(`${v.file} → ${v.import}`)
    }
    expect(stale, `no longer violations, remove them from KNOWN_VIOLATIONS:\n${stale.join('\n')}`).toEqual([])
  })

  it('is the one docs/ARCHITECTURE.md shows (section "Layers")', () => {
    const doc = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8')
    const section = doc.split(/^## Layers$/m)[1]!.split(/^## /m)[0]!
    // "—" stands for nothing
    const cells = (s: string) =>
      s
        .split(',')
        .map((c) => c.trim().replace(/`/g, ''))
        .filter((c) => c && c !== '—')
    const rows = section
      .split('\n')
      .filter((l) => /^\| `/.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, 4)
          .map((c) => c.trim()),
      )
      .map(([name, folders, may]) => ({
        name: name!.replace(/`/g, ''),
        folders: cells(folders!),
        may: cells(may!),
      }))
    expect(rows).toEqual(
      LAYERS.map((l) => ({
        name: l.name,
        folders: l.folders,
        may: [...l.mayImport, ...(l.mayImportFolders ?? [])],
      })),
    )
  })
})

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'

/**
 * The installers cannot be built here (no Electron download), so the configuration is checked
 * the way `npm run dist` would read it: electron-builder's own loader and schema validator.
 */
const ROOT = join(__dirname, '..', '..')

describe('installer configuration (electron-builder)', () => {
  it('loads and validates against electron-builder’s schema', async () => {
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('builds AppImage and deb, dmg and nsis, with the app icon, from the electron-vite output', async () => {
    const c = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
    expect(c.linux?.target).toEqual(['AppImage', 'deb'])
    expect(c.mac?.target).toEqual(['dmg'])
    expect(c.win?.target).toEqual(['nsis'])
    expect(c.extraMetadata?.main).toBe('out/main/index.js')
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main).toBe('./out/main/index.js')
    // the icon electron-builder derives .icns/.ico/Linux sizes from: a real PNG, at least 512 px
    const png = readFileSync(join(ROOT, String(c.icon)))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512)
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512)
  })

  it('ships the tray icon where the packaged app reads it (process.resourcesPath/icon.png)', async () => {
    const c = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
    const extra = ([] as { from: string; to: string }[]).concat(c.extraResources as never)
    expect(extra).toContainEqual({ from: 'resources/icon.png', to: 'icon.png' })
    expect(existsSync(join(ROOT, 'resources', 'icon.png'))).toBe(true)
    expect(readFileSync(join(ROOT, 'src-main/hosts/electron/main.ts'), 'utf8')).toContain(
      "join(process.resourcesPath, 'icon.png')",
    )
  })

  it('rebuilds native modules for Electron and keeps them out of the asar archive', async () => {
    const c = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
    expect(c.npmRebuild).toBe(true)
    const unpack = ([] as string[]).concat(c.asarUnpack as string[])
    const deps = Object.keys(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies as object,
    )
    // every dependency with a native addon is unpacked
    for (const native of deps.filter(
      (d) => existsSync(join(ROOT, 'node_modules', d, 'binding.gyp')) || d.startsWith('@napi-rs/'),
    ))
      expect(
        unpack.some((p) => p.includes(native.split('/')[0]!)),
        native,
      ).toBe(true)
    expect(deps).toEqual(expect.arrayContaining(['better-sqlite3', '@napi-rs/keyring']))
  })
})

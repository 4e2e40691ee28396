import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), the items that
 * apply, checked against the actual sources. The behavioural checks (window options, handlers,
 * permission handler, IPC sender validation, the loopback host's token/Origin/Host checks, the
 * CSP the renderer is served with) run against the real code in
 * test/src-main/hosts/{electron,loopback} and test/build; this file catches what a later change
 * could add anywhere: a remote URL, a weakened webPreference, shell.openExternal, eval.
 */
const ROOT = join(__dirname, '..', '..')
const files = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /\.(ts|tsx|html)$/.test(f.name))
    .map((f) => join(f.parentPath, f.name))
const sources = ['src-main', 'src-preload', 'src-renderer'].flatMap(files)
const read = (f: string) => readFileSync(f, 'utf8')
const offenders = (re: RegExp, only = sources) =>
  only.filter((f) => re.test(read(f))).map((f) => relative(ROOT, f))

describe('Electron security checklist, in the sources', () => {
  it('#1 only local content: no window loads a remote URL', () => {
    expect(offenders(/\.loadURL\(/)).toEqual([])
    expect(read(join(ROOT, 'src-main/hosts/electron/main.ts'))).toMatch(
      /loadFile\(join\(rendererDir, 'index\.html'\), \{ query: \{ window: layout\.id \} \}\)/,
    )
  })

  it('#2–#4 no Node integration, context isolation and sandbox never switched off', () => {
    expect(offenders(/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/)).toEqual([])
    expect(offenders(/contextIsolation\s*:\s*false/)).toEqual([])
    expect(offenders(/sandbox\s*:\s*false/)).toEqual([])
    const prefs = read(join(ROOT, 'src-main/hosts/electron/windowPolicy.ts'))
    for (const p of [
      'contextIsolation: true',
      'sandbox: true',
      'nodeIntegration: false',
      'webviewTag: false',
    ])
      expect(prefs).toContain(p)
  })

  it('#6–#10 web security, insecure content, experimental and Blink features stay at their defaults', () => {
    expect(offenders(/webSecurity\s*:\s*false/)).toEqual([])
    expect(offenders(/allowRunningInsecureContent\s*:\s*true/)).toEqual([])
    expect(offenders(/experimentalFeatures\s*:\s*true/)).toEqual([])
    expect(offenders(/enableBlinkFeatures/)).toEqual([])
  })

  it('#7 a strict CSP without unsafe-inline or unsafe-eval', () => {
    const html = read(join(ROOT, 'src-renderer/index.html'))
    const csp = /Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(csp).toMatch(/default-src 'none'/)
    expect(csp).toMatch(/script-src 'self'/)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(offenders(/\beval\(|new Function\(/)).toEqual([])
  })

  it('#11–#15 no shell.openExternal, no remote module, window.open and navigation handled in one place', () => {
    expect(offenders(/openExternal/)).toEqual([])
    expect(offenders(/@electron\/remote|require\(['"]electron['"]\)\.remote/)).toEqual([])
    const main = read(join(ROOT, 'src-main/hosts/electron/main.ts'))
    expect(main).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/)
    expect(main).toMatch(/will-navigate/)
    expect(main).toMatch(/will-attach-webview/)
    expect(main).toMatch(/setPermissionRequestHandler/)
  })

  it('#17 IPC: only the host files import electron, and main checks every sender', () => {
    const importing = offenders(/from 'electron'/).sort()
    expect(importing).toEqual(['src-main/hosts/electron/main.ts', 'src-preload/index.ts'])
    expect(read(join(ROOT, 'src-main/hosts/electron/main.ts'))).toMatch(/isTrustedSender\(/)
  })

  it('secrets: safeStorage in the Electron host, the OS keychain elsewhere, never a plain file', () => {
    expect(read(join(ROOT, 'src-main/hosts/electron/main.ts'))).toMatch(
      /new SafeStorageSecretStore\(safeStorage/,
    )
    expect(read(join(ROOT, 'src-main/hosts/loopback/main.ts'))).toMatch(/new KeyringSecretStore\(\)/)
    // no code path writes credentials anywhere but a SecretStore
    expect(offenders(/apiSecret[^\n]*writeFileSync|writeFileSync[^\n]*apiSecret/)).toEqual([])
  })
})

import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/**
 * QuickFIX's example `executor` (C++), built from Debian's libquickfix-doc sources against
 * libquickfix-dev: an independent FIX 4.4 engine to test our initiator against.
 * See ../shared/docs/quickfix-peer.md.
 */
const EXAMPLE = '/usr/share/doc/libquickfix-doc/examples/executor/C++'

export function quickfixMissing(): string | null {
  if (!existsSync(join(EXAMPLE, 'executor.cpp')))
    return 'Debian package libquickfix-doc is not installed (apt-get install libquickfix-doc)'
  if (!existsSync('/usr/include/quickfix/Application.h'))
    return 'Debian package libquickfix-dev is not installed (apt-get install libquickfix-dev)'
  return null
}

export function buildExecutor(): string {
  const dir = join(tmpdir(), 'trident-quickfix-executor')
  const bin = join(dir, 'executor')
  if (existsSync(bin)) return bin
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(EXAMPLE, 'executor.cpp'), join(dir, 'executor.cpp'))
  copyFileSync(join(EXAMPLE, 'Application.h'), join(dir, 'Application.h'))
  writeFileSync(join(dir, 'Application.cpp'), gunzipSync(readFileSync(join(EXAMPLE, 'Application.cpp.gz'))))
  writeFileSync(join(dir, 'config.h'), '')
  execFileSync(
    'g++',
    ['-std=gnu++14', '-I.', '-o', 'executor', 'executor.cpp', 'Application.cpp', '-lquickfix', '-lpthread'],
    { cwd: dir, stdio: 'pipe' },
  )
  return bin
}

export async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

export class ExecutorProcess {
  private child: ChildProcess | null = null
  output = ''

  constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    readonly targetCompId: string,
  ) {}

  get storeDir(): string {
    return join(this.dir, 'store')
  }

  /** QuickFIX FileStore's sequence numbers file: "SSSSSSSSSS : TTTTTTTTTT" (next sender : next target). */
  get seqnumsFile(): string {
    return join(this.storeDir, `FIX.4.4-EXECUTOR-${this.targetCompId}.seqnums`)
  }

  async start(): Promise<void> {
    mkdirSync(this.storeDir, { recursive: true })
    const dictionary = join(dirname(require.resolve('jspurefix/package.json')), 'data', 'FIX44.xml')
    const cfg = join(this.dir, 'executor.cfg')
    writeFileSync(
      cfg,
      [
        '[DEFAULT]',
        'ConnectionType=acceptor',
        `SocketAcceptPort=${this.port}`,
        `FileStorePath=${this.storeDir}`,
        'StartTime=00:00:00',
        'EndTime=00:00:00',
        'UseDataDictionary=Y',
        `DataDictionary=${dictionary}`,
        // Kraken's logon tags (5025 nonce, 8674) are user-defined fields
        'ValidateUserDefinedFields=N',
        'AllowUnknownMsgFields=Y',
        '',
        '[SESSION]',
        'BeginString=FIX.4.4',
        'SenderCompID=EXECUTOR',
        `TargetCompID=${this.targetCompId}`,
        '',
      ].join('\n'),
    )
    this.child = spawn(this.bin, [cfg], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] })
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString('latin1')))
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString('latin1')))
    // listening once the port accepts
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: this.port })
        s.on('connect', () => {
          s.destroy()
          resolve(true)
        })
        s.on('error', () => resolve(false))
      })
      if (ok) return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`executor did not start: ${this.output}`)
  }

  async stop(): Promise<void> {
    const c = this.child
    this.child = null
    if (!c || c.exitCode !== null) return
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve())
      c.kill('SIGKILL')
    })
  }
}

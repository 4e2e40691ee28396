import { readlinkSync } from 'node:fs'
import { execFile } from 'node:child_process'
import { parentPort, workerData } from 'node:worker_threads'
import type { ReplayCommand } from './replay/types'
import { SimExchange, type SimExchangeOptions } from './SimExchange'
import type { WorkerReplayMessage } from './SimWorker'

/**
 * Entry of the built-in exchange on its own thread (out/main/simWorker.js): the exchange's
 * matching and market generation never compete with the app's venue links and stream hub for
 * main's event loop — as with the real Kraken, which is not in our process either.
 */
async function run(): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('simWorkerMain must run in a worker thread')
  yieldToTheApp()
  // a thread booted ahead of time (prewarmSimWorker) has its modules loaded and waits for its options
  const options =
    (workerData as SimExchangeOptions | null) ??
    (await new Promise<SimExchangeOptions>((resolve) => {
      const first = (m: { type: string; options?: SimExchangeOptions }): void => {
        if (m.type !== 'start') return
        port.off('message', first)
        resolve(m.options ?? {})
      }
      port.on('message', first)
    }))
  const sim = new SimExchange(options)
  try {
    const endpoints = await sim.start()
    port.postMessage({ type: 'ready', endpoints, credentials: sim.credentials })
  } catch (e) {
    port.postMessage({ type: 'failed', message: (e as Error).message })
    return
  }
  sim.replay?.onStatus((status) =>
    port.postMessage({ type: 'replay-status', status } satisfies WorkerReplayMessage),
  )
  port.on('message', (m: { type: string; id?: number; cmd?: ReplayCommand | null }) => {
    if (m.type === 'replay') {
      const reply: WorkerReplayMessage = { type: 'replay-reply', id: m.id! }
      try {
        reply.status = sim.replay ? (m.cmd ? sim.replay.command(m.cmd) : sim.replay.status()) : null
      } catch (e) {
        reply.error = (e as Error).message
      }
      port.postMessage(reply)
    }
    if (m.type === 'stop')
      void sim.stop().finally(() => {
        port.postMessage({ type: 'stopped' })
        port.close()
      })
  })
}

/**
 * This thread never preempts main on a wakeup (Linux: SCHED_BATCH on this thread only, set with
 * util-linux's `chrt`; same share of the CPU, no other change). An order written to the
 * exchange's socket wakes this thread on the writer's CPU; as a normal thread it then took that
 * CPU from main in the middle of the write, for as long as it worked on the order (~1 ms: most of
 * the order path's slow sends, issue 20). The exchange stands in for a venue on another machine:
 * it must never hold up the app. A lower priority (nice 10) did the same for the order path but
 * can starve the exchange on a busy machine. Elsewhere, or when refused, nothing changes.
 */
function yieldToTheApp(): void {
  if (process.platform !== 'linux') return
  try {
    const tid = readlinkSync('/proc/thread-self').split('/').pop() ?? ''
    if (/^\d+$/.test(tid)) execFile('chrt', ['--batch', '--pid', '0', tid], () => undefined)
  } catch {
    // no /proc: the exchange runs as a normal thread
  }
}

void run()

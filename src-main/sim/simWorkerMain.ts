import { parentPort, workerData } from 'node:worker_threads'
import { SimExchange, type SimExchangeOptions } from './SimExchange'

/**
 * Entry of the built-in exchange on its own thread (out/main/simWorker.js): the exchange's
 * matching and market generation never compete with the app's venue links and stream hub for
 * main's event loop — as with the real Kraken, which is not in our process either.
 */
async function run(): Promise<void> {
  const port = parentPort
  if (!port) throw new Error('simWorkerMain must run in a worker thread')
  const sim = new SimExchange(workerData as SimExchangeOptions)
  try {
    const endpoints = await sim.start()
    port.postMessage({ type: 'ready', endpoints, credentials: sim.credentials })
  } catch (e) {
    port.postMessage({ type: 'failed', message: (e as Error).message })
    return
  }
  port.on('message', (m: { type: string }) => {
    if (m.type === 'stop')
      void sim.stop().finally(() => {
        port.postMessage({ type: 'stopped' })
        port.close()
      })
  })
}

void run()

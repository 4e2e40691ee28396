import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * Three builds, one per process, from the design card's folders:
 *  - main: the Electron host (out/main/index.js) and, from the same sources, the loopback host
 *    (out/main/loopback.js) and the standalone simulator (out/main/sim.js), which run under plain Node.
 *  - preload: one sandboxed script; everything bundled in (a sandboxed preload cannot require packages).
 *  - renderer: the React app, identical in Electron and in a browser through the loopback host.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/hosts/electron/main.ts'),
          loopback: resolve(__dirname, 'src-main/hosts/loopback/main.ts'),
          sim: resolve(__dirname, 'src-main/sim/cli.ts'),
          // the built-in exchange's own thread (SimWorker), next to the hosts that start it
          simWorker: resolve(__dirname, 'src-main/sim/simWorkerMain.ts'),
          replay: resolve(__dirname, 'src-main/tools/replay.ts'),
          bench: resolve(__dirname, 'src-main/tools/bench.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: process.env.TRIDENT_NO_MINIFY !== '1',
      // no inline <script> or eval anywhere: the CSP forbids both
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: resolve(__dirname, 'src-renderer/index.html'),
        output: {
          // what a window starts with is one script: modules the entry and a lazily loaded chunk
          // share stay in the entry rather than in small common chunks, each one more request
          // that, at start, waits behind main's own start-up work (cold start bench: ~0.5 s)
          codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
        },
      },
    },
  },
})

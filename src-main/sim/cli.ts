import { bannerLines } from './cliBanner'
import { PERP_SYMBOLS } from './derivatives/perpInstruments'
import { SimExchange } from './SimExchange'

/** `npm run sim`: the built-in exchange standalone. */
const HELP = `Usage: npm run sim -- [--port N] [--seed N] [--rate N]

Runs Trident's built-in Kraken-compatible exchange on 127.0.0.1.
  --port N   port to listen on (default 0 = any free port)
  --seed N   seed of the synthetic market (default 1)
  --rate N   book events per second (default 40)
`

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(name)
  if (i < 0) return undefined
  const v = Number(process.argv[i + 1])
  if (!Number.isInteger(v) || v < 0) {
    console.error(`${name} needs a whole number`)
    process.exit(2)
  }
  return v
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP)
    return
  }
  const opts: ConstructorParameters<typeof SimExchange>[0] = {}
  const port = arg('--port')
  const seed = arg('--seed')
  const rate = arg('--rate')
  if (port !== undefined) opts.port = port
  if (seed !== undefined) opts.seed = seed
  if (rate !== undefined) opts.messagesPerSecond = rate
  const sim = new SimExchange(opts)
  const ep = await sim.start()
  const cred = sim.credentials[0]!
  for (const line of bannerLines(opts.seed ?? 1, ep, [...sim.instruments.keys()], PERP_SYMBOLS, cred))
    console.log(line)
  const stop = (): void => void sim.stop().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()

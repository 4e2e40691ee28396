/**
 * For hosts (which may not import the exchange's layer): boot the built-in exchange's thread at
 * the top of start-up, before the app's modules load, so the two overlap on two cores.
 */
export { prewarmSimWorker as prewarmBuiltInExchange } from '../sim/SimWorker'

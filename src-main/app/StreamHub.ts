// Moved: the contract's main side lives in src-main/ipc/ (kept while the order path moves; removed by the composition-root commit)
export * from '../ipc/StreamHub'

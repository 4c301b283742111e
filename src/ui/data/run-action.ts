/** The UI's door to `runAction` (src/transactions/run-action.ts, shared with tests and bench). */
export * from '../../transactions/run-action'

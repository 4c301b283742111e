/**
 * The UI's door to `runAction(uses, fn)` (src/transactions/run-action.ts, shared with the tests
 * and the bench): one transaction over the tables the services an action names declare.
 */
export * from '../../transactions/run-action'

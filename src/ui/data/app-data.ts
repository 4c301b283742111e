/** The UI's action and read helpers bound to the app's database instance. */
import { db } from '../../db/instance'
import { createRunAction } from './run-action'
import { createServiceQueryHook } from './use-service-query'

export const runAction = createRunAction(db)
export const useServiceQuery = createServiceQueryHook(db)

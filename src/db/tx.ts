/**
 * The typed transaction every service receives first: a Dexie transaction whose table properties
 * are typed, the same shape Dexie hands a `db.transaction(...)` callback on our subclass.
 */
import type { Transaction } from 'dexie'
import type { AppDatabase } from './database'
import type { TableName } from './tables'

export type Tx = Transaction & Pick<AppDatabase, TableName>
/** A read-only transaction: same tables; Dexie refuses writes with ReadOnlyError. */
export type ReadTx = Tx

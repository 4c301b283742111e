/** The public surface of the database layer (DOMAIN §8). */
export { createDatabase, AppDatabase, type DatabaseDeps } from './database'
export type { Tx, ReadTx } from './tx'
export { ALL_TABLES, DOMAIN_TABLES, ROW_SCHEMAS, type DomainTableName, type RowOf } from './tables'

import { describeStorageContract } from './storage-contract'
import { openPgliteStorage } from './pglite-storage'

describeStorageContract('PGlite (in memory)', () => openPgliteStorage('memory'))

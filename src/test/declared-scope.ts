/**
 * Every service test doubles as a check of `fn.tables`: the setup (src/test/setup.ts) replaces each
 * service module's functions by ones that run the call over ONLY the tables the service declares
 * (the caller's transaction, its Dexie schema narrowed for the call), so a service that touches a
 * table it does not declare fails with an UndeclaredTableError naming both. A function called with
 * a transaction but no declaration fails too. Calls in flight together share the union of theirs.
 */
import {
  narrowSchema,
  undeclaredTableOf,
  UndeclaredTableError,
  type DeclaredService,
} from '../transactions/declared-tables'

type Scope = { original: Record<string, unknown>; active: Map<symbol, readonly string[]> }
const scopes = new WeakMap<object, Scope>()

function isTransaction(value: unknown): value is object {
  return typeof value === 'object' && value !== null && 'idbtrans' in value && 'storeNames' in value
}

function isClass(fn: (...args: never[]) => unknown): boolean {
  return /^class\b/.test(Function.prototype.toString.call(fn))
}

function narrowToActive(tx: object, scope: Scope): void {
  if (scope.active.size === 0) {
    ;(tx as { schema: Record<string, unknown> }).schema = scope.original
    return
  }
  ;(tx as { schema: Record<string, unknown> }).schema = scope.original
  narrowSchema(tx, [...new Set([...scope.active.values()].flat())])
}

/** Run `call` (a call of service `name`) over `tables` of transaction `tx`, then widen back. */
async function runScoped<T>(
  tx: object,
  name: string,
  tables: readonly string[],
  call: () => Promise<T>,
): Promise<T> {
  let scope = scopes.get(tx)
  if (!scope) {
    scope = { original: (tx as { schema: Record<string, unknown> }).schema, active: new Map() }
    scopes.set(tx, scope)
  }
  const token = Symbol(name)
  scope.active.set(token, tables)
  narrowToActive(tx, scope)
  try {
    return await call()
  } catch (error) {
    const table = undeclaredTableOf(error)
    // A table the service declares but the caller's transaction lacks is the caller's omission:
    // left for runAction / readInTransaction to name what the action declared.
    if (
      table !== undefined &&
      !tables.includes(table) &&
      !(error instanceof UndeclaredTableError)
    ) {
      throw new UndeclaredTableError(table, name)
    }
    throw error
  } finally {
    scope.active.delete(token)
    narrowToActive(tx, scope)
  }
}

/** `fn` as a service checked against its declaration (functions not given a tx run as they are). */
export function scopedToDeclaredTables<TFn extends (...args: never[]) => unknown>(
  fn: TFn,
  name = fn.name,
): TFn {
  const declared = (fn as unknown as Partial<DeclaredService>).tables
  const checked = (...args: Parameters<TFn>): unknown => {
    const [tx] = args as unknown[]
    if (!isTransaction(tx)) return fn(...args)
    if (!Array.isArray(declared)) {
      throw new Error(`${name} takes a transaction but declares no tables (fn.tables)`)
    }
    return runScoped(tx, name, declared as readonly string[], async () => await fn(...args))
  }
  Object.defineProperty(checked, 'name', { value: name })
  if (declared !== undefined) Object.assign(checked, { tables: declared })
  return checked as unknown as TFn
}

/** A service module with every function replaced by its checked twin (classes, values kept). */
export function scopeModuleToDeclaredTables<TModule extends Record<string, unknown>>(
  module: TModule,
): TModule {
  return Object.fromEntries(
    Object.entries(module).map(([key, value]) =>
      typeof value === 'function' && !isClass(value as (...args: never[]) => unknown)
        ? [key, scopedToDeclaredTables(value as (...args: never[]) => unknown, key)]
        : [key, value],
    ),
  ) as TModule
}

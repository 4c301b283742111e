/**
 * The editable lines of a form (a recipe's ingredients, a package's contents): each line has a
 * stable key for React, so removing one in the middle keeps the others' typed text in place.
 */
import { useState } from 'react'

export type Keyed<L> = L & { key: number }

/** Keys only need to differ among one form's lines; a module counter never repeats one. */
let nextKey = 0
const withKey = <L extends object>(line: L): Keyed<L> => ({ ...line, key: nextKey++ })

export function useLines<L extends object>(initial: readonly L[]) {
  const [lines, setLines] = useState<Keyed<L>[]>(() => initial.map(withKey))
  return {
    lines,
    add: (line: L) => setLines((current) => [...current, withKey(line)]),
    update: (key: number, patch: Partial<L>) =>
      setLines((current) =>
        current.map((line) => (line.key === key ? { ...line, ...patch } : line)),
      ),
    remove: (key: number) => setLines((current) => current.filter((line) => line.key !== key)),
  }
}

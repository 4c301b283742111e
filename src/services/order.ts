/**
 * The one ordering rule for names (DOMAIN §9.4): `Intl.Collator`, case- and accent-aware, with
 * numeric ordering so "Batch 2" sorts before "Batch 10".
 */
const sortCollator = new Intl.Collator('en', { numeric: true })
const uniquenessCollator = new Intl.Collator('en', { sensitivity: 'accent' })

export function compareNames(a: string, b: string): number {
  return sortCollator.compare(a, b)
}

/** Names equal for uniqueness (case-insensitive, accent-sensitive, trimmed): "Flour" = "flour". */
export function sameName(a: string, b: string): boolean {
  return uniquenessCollator.compare(a.trim(), b.trim()) === 0
}

/** Rows by name (the rule above), then by id, so rows of equal names keep one stable order. */
export function byNameThenId(
  a: { name: string; id: string },
  b: { name: string; id: string },
): number {
  return compareNames(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

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

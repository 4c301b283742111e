import { describe, expect, it } from 'vitest'
import { buildRecipient, softDelete } from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { parseCsv } from './csv-parse'
import {
  allergensFromWords,
  checkRecipientImport,
  guessRecipientColumns,
  importRecipients,
  mapRecipientRows,
} from './csv-recipients'
import { CsvRowsError } from './errors'
import { listRecipients } from './recipients'

function rowsOf(text: string) {
  const table = parseCsv(text)
  return mapRecipientRows(table, guessRecipientColumns(table.headers))
}

describe('guessRecipientColumns', () => {
  it('guesses the usual spreadsheet and contacts headers', () => {
    expect(
      guessRecipientColumns([
        'Full Name',
        'Family',
        'Street address',
        'Route',
        'Stop',
        'Allergies',
        'Comments',
        'Done',
      ]),
    ).toEqual({
      name: 0,
      firstName: null,
      lastName: null,
      household: 1,
      address: 2,
      route: 3,
      routeOrder: 4,
      exclusions: 5,
      notes: 6,
    })
  })

  it('joins first and last name when there is no name column', () => {
    const headers = ['First Name', 'Last Name', 'Family name?']
    expect(guessRecipientColumns(headers)).toMatchObject({ name: null, firstName: 0, lastName: 1 })
    expect(rowsOf('First Name,Last Name\nAna,Okafor\nBo,\n').map((row) => row.name)).toEqual([
      'Ana Okafor',
      'Bo',
    ])
  })
})

describe('allergensFromWords', () => {
  it('maps a spreadsheet’s words to the law’s allergens', () => {
    expect(allergensFromWords('No nuts, gluten-free / dairy')).toEqual({
      ok: true,
      allergens: ['gluten', 'peanuts', 'milk', 'tree nuts'],
    })
    expect(allergensFromWords('none')).toEqual({ ok: true, allergens: [] })
    expect(allergensFromWords('eggs and soya')).toEqual({
      ok: true,
      allergens: ['eggs', 'soybeans'],
    })
  })

  it('names the first word that is not an allergen', () => {
    expect(allergensFromWords('milk; kiwi')).toEqual({ ok: false, word: 'kiwi' })
  })
})

describe('importRecipients', () => {
  const GOOD = [
    'Name,Household,Address,Route,Order,Allergies,Notes',
    'Ana Okafor,The Okafors,"12 High St, Flat 3",North,1,no nuts,"Leave at the door"',
    'Bo Lind,Linds,"4 Elm Rd\nBackyard",North,2,,',
    'Cy Park,,,,,"gluten, milk",',
  ].join('\n')

  it('imports every row with its fields, allergens and route order', async () => {
    const { run, read } = makeTestDb()
    const result = await run((tx) => importRecipients(tx, { rows: rowsOf(GOOD) }))
    expect(result).toMatchObject({ created: 3, skipped: [] })
    const saved = await read((tx) => listRecipients(tx))
    expect(saved.map((row) => row.name)).toEqual(['Ana Okafor', 'Bo Lind', 'Cy Park'])
    expect(saved[0]).toMatchObject({
      household: 'The Okafors',
      address: '12 High St, Flat 3',
      route: 'North',
      routeOrder: 1,
      exclusions: ['peanuts', 'tree nuts'],
      notes: 'Leave at the door',
    })
    expect(saved[1]?.address).toBe('4 Elm Rd\nBackyard')
    expect(saved[2]?.exclusions).toEqual(['gluten', 'milk'])
  })

  it('saves nothing when a row in the middle is bad, and names every bad row', async () => {
    const { db, run } = makeTestDb()
    await run((tx) => buildRecipient(tx, { name: 'Already here' }))
    const before = await snapshotAll(db)
    const text = [
      'Name,Household,Order,Allergies',
      'Ana,Okafors,1,',
      'Bo,Linds,2,',
      ',Nobody,3,',
      'Cy,Parks,first,',
      'Di,Days,4,kiwi',
      'Ed,Eds,5,',
    ].join('\n')
    const failure = await run((tx) => importRecipients(tx, { rows: rowsOf(text) })).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(CsvRowsError)
    expect((failure as CsvRowsError).issues).toEqual([
      { rowNumber: 4, field: 'name', message: 'the name is empty' },
      {
        rowNumber: 5,
        field: 'routeOrder',
        message: 'the route order "first" is not a whole number',
      },
      { rowNumber: 6, field: 'exclusions', message: '"kiwi" is not one of the 14 allergens' },
    ])
    expect(await snapshotAll(db)).toEqual(before)
  })

  it('finds likely duplicates (same name and household, any case) and skips them when asked', async () => {
    const { run, read } = makeTestDb()
    const ana = await run((tx) => buildRecipient(tx, { name: 'Ana', household: 'Okafors' }))
    const gone = await run((tx) => buildRecipient(tx, { name: 'Gone', household: '' }))
    await run((tx) => softDelete(tx, 'recipients', gone.id))
    const rows = rowsOf(
      'Name,Household\nana ,OKAFORS\nBo,Linds\nbo,linds\nAna,Other house\nGone,\n',
    )
    const check = await read((tx) => checkRecipientImport(tx, { rows }))
    expect(check.issues).toEqual([])
    expect(check.duplicates).toEqual([
      {
        rowNumber: 2,
        name: 'ana',
        household: 'OKAFORS',
        existingRecipientId: ana.id,
        sameAsRow: null,
      },
      { rowNumber: 4, name: 'bo', household: 'linds', existingRecipientId: null, sameAsRow: 3 },
    ])
    const result = await run((tx) => importRecipients(tx, { rows, skipRows: [2, 4] }))
    expect(result).toMatchObject({ created: 3, skipped: [2, 4] })
    const names = (await read((tx) => listRecipients(tx))).map(
      (row) => `${row.name}/${row.household}`,
    )
    expect(names).toEqual(['Ana/Okafors', 'Ana/Other house', 'Bo/Linds', 'Gone/'])
  })

  it('imports duplicates when the cook does not skip them', async () => {
    const { run, read } = makeTestDb()
    await run((tx) => buildRecipient(tx, { name: 'Ana', household: 'Okafors' }))
    await run((tx) => importRecipients(tx, { rows: rowsOf('Name,Household\nAna,Okafors\n') }))
    expect(await read((tx) => listRecipients(tx))).toHaveLength(2)
  })

  it('imports a 5,000-row file in one transaction (time printed)', async () => {
    const lines = ['Name;Household;Address;Allergies']
    for (let index = 0; index < 5000; index += 1) {
      lines.push(`Person ${index};House ${index % 1700};"${index} Long Road; Town";no nuts`)
    }
    const { run, read } = makeTestDb()
    const started = performance.now()
    const rows = rowsOf(lines.join('\r\n'))
    const parsed = performance.now()
    const result = await run((tx) => importRecipients(tx, { rows }))
    const done = performance.now()
    console.info(
      `5,000-row recipient import: parse ${Math.round(parsed - started)} ms, import ${Math.round(
        done - parsed,
      )} ms (fake-indexeddb)`,
    )
    expect(result.created).toBe(5000)
    expect(await read((tx) => tx.recipients.count())).toBe(5000)
    expect(await read((tx) => tx.changes.count())).toBeGreaterThanOrEqual(5000)
  }, 240_000)
})

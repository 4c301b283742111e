/**
 * `npm run lint` fails on any import cycle (DESIGN §1): two modules that import each other are
 * written into src/, linted with the project's own ESLint config, and removed again.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

describe('the lint configuration', () => {
  it('reports an import cycle between two modules as an error', async () => {
    const folder = join(ROOT, 'src', 'cycle-probe')
    await mkdir(folder, { recursive: true })
    try {
      await writeFile(
        join(folder, 'first.ts'),
        "import { second } from './second'\n\nexport const first = (): number => second() + 1\n",
      )
      await writeFile(
        join(folder, 'second.ts'),
        "import { first } from './first'\n\nexport const second = (): number => (first.length > 0 ? 1 : 0)\n",
      )
      const results = await new ESLint({ cwd: ROOT }).lintFiles([join(folder, 'first.ts')])
      const cycles = results
        .flatMap((result) => result.messages)
        .filter((message) => message.ruleId === 'import-x/no-cycle')
      expect(cycles).toHaveLength(1)
      expect(cycles[0]).toMatchObject({ severity: 2, message: 'Dependency cycle detected' })
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  }, 180_000)
})

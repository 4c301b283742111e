// ESLint flat config. Everything is an error (run with --max-warnings=0); every non-obvious rule
// says why. The boundary rules enforce DESIGN §1: ui → services → db → crdt, sync → db and crdt,
// and no import cycle anywhere.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Timers, network and other non-Dexie promises inside a transaction commit it early (DESIGN §2).
const NON_DEXIE_AWAITS = [
  'fetch',
  'setTimeout',
  'setInterval',
  'queueMicrotask',
  'requestAnimationFrame',
].map((name) => ({
  name,
  message:
    'Inside a transaction await only Dexie: IndexedDB commits as soon as it is idle. Do this outside the action.',
}))

// import-x's TypeScript preset, minus its legacy resolver setting (resolver-next replaces it).
const { 'import-x/resolver': _legacyResolver, ...IMPORT_X_TS_SETTINGS } =
  importX.flatConfigs.typescript.settings ?? {}

const DB_INSTANCE = {
  group: ['**/db/instance', '**/db/instance.ts'],
  message:
    'Services and screens never touch the database instance: take `tx` (services) or use runAction/useServiceQuery (ui).',
}

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'reports/',
      'test-results/',
      'playwright-report/',
      'dev-dist/',
      'bench/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Every Dexie call is awaited: an un-awaited write can run after the transaction ends.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A new error code or status without a case must not compile silently.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    // Services: business rules on the caller's transaction only.
    files: ['src/services/**/*.ts'],
    ignores: ['src/services/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...NON_DEXIE_AWAITS],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Take `now`/`today` in the input, or use currentInstant(tx).',
        },
        {
          object: 'crypto',
          property: 'subtle',
          message: 'WebCrypto promises are not Dexie promises.',
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'dexie',
              message: 'Services take `tx: Tx` from db/tx; they never use Dexie directly.',
              allowTypeImports: true,
            },
          ],
          patterns: [
            DB_INSTANCE,
            { group: ['**/ui/**'], message: 'Services never depend on the UI.' },
            {
              group: ['**/sync/engine*', '**/sync/push*', '**/sync/pull*'],
              message: 'Services never drive sync.',
            },
          ],
        },
      ],
    },
  },
  {
    // The UI reads and writes only through ui/data (runAction, useServiceQuery).
    files: ['src/ui/**/*.{ts,tsx}'],
    ignores: ['src/ui/data/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'dexie',
              message: 'Use runAction/useServiceQuery from ui/data.',
              allowTypeImports: true,
            },
            { name: 'dexie-react-hooks', message: 'Use useServiceQuery from ui/data.' },
          ],
          patterns: [
            DB_INSTANCE,
            {
              group: ['**/db/mutate', '**/db/versions', '**/db/database'],
              message: 'Screens write through services inside runAction.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The database layer knows nothing of React, services, the UI or sync: the clock, the change
    // format and the merge rules it needs are in the pure core, src/crdt.
    files: ['src/db/**/*.ts'],
    ignores: ['src/db/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...NON_DEXIE_AWAITS],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'react', message: 'src/db knows nothing of React.' }],
          patterns: [
            {
              group: ['**/services/**', '**/ui/**', '**/sync/**'],
              message: 'src/db sits below services, ui and sync; it may use src/crdt.',
            },
          ],
        },
      ],
    },
  },
  {
    // The transaction helpers (runAction, readInTransaction) sit between services and their
    // callers: the UI, the tests and the bench share them, so they know nothing of the UI.
    files: ['src/transactions/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', 'react', 'dexie-react-hooks'],
              message: 'src/transactions is shared with tests and the bench; keep React out.',
            },
          ],
        },
      ],
    },
  },
  {
    // The conflict-resolution core is at the bottom: no table names, nothing of the app.
    files: ['src/crdt/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/sync/**',
                '**/services/**',
                '**/ui/**',
                '**/test/**',
                'dexie',
              ],
              message:
                'src/crdt imports nothing of the app: pass what it needs in (a MergePolicy).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sync/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', '**/services/**'],
              message: 'src/sync sits beside services, below the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    // The server shares only the wire protocol (which re-exports the change record and the app's
    // merge policy) and the pure conflict-resolution core with the app.
    files: ['server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // gitignore semantics: a file cannot be re-included under an excluded folder, so
              // exclude src/* and src/sync/* level by level, then re-include the allowed modules.
              group: [
                '**/src/*',
                '!**/src/crdt',
                '!**/src/sync',
                '**/src/sync/*',
                '!**/src/sync/wire',
              ],
              message: 'server/ may import only src/sync/wire and src/crdt from the app.',
            },
          ],
        },
      ],
    },
  },
  {
    // Any import cycle fails the build (DESIGN §1): layers only point down.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Parse .ts/.tsx with the TypeScript parser when following imports (import-x's TS preset),
      // resolving them as TypeScript does.
      ...IMPORT_X_TS_SETTINGS,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    // Packages cannot import our modules back, so following them only costs time.
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'src/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      // Tests index known-present array items; the assertion itself is the check.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
)

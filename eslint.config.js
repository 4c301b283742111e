// ESLint flat config. Everything is an error (run with --max-warnings=0); every non-obvious rule
// says why. The boundary rules enforce DESIGN §1: ui → services → db, sync → db.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
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
    // The database layer knows nothing of React, services or the UI; the pure clock/change-record
    // modules of sync are its only sync imports (the issue puts the HLC in src/sync).
    files: ['src/db/**/*.ts'],
    ignores: ['src/db/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...NON_DEXIE_AWAITS],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'react', message: 'src/db knows nothing of React.' }],
          patterns: [
            { group: ['**/services/**', '**/ui/**'], message: 'src/db is the bottom layer.' },
            {
              group: ['**/sync/*', '!**/sync/hlc', '!**/sync/change-record', '!**/sync/merge'],
              message: 'src/db may use only the pure sync modules: hlc, change-record, merge.',
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
    // The server shares only the wire protocol with the app (and, through it, the entity schemas
    // and the pure merge used to compact snapshots).
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
                '!**/src/sync',
                '**/src/sync/*',
                '!**/src/sync/wire',
                '!**/src/sync/merge',
                '!**/src/sync/change-record',
                '!**/src/sync/hlc',
              ],
              message:
                'server/ may import only src/sync/{wire,merge,change-record,hlc} from the app.',
            },
          ],
        },
      ],
    },
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

import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// Layering (VS Code style): shared/ imports neither side, renderer/ imports only
// shared/, and only electron/main.ts and electron/preload.ts may import electron.
const noHandlers = "A domain imports another domain's services or repositories, never its handlers or module."
const noElectron = { name: 'electron', message: 'Only electron/main.ts and electron/preload.ts may import electron.' }

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'node_modules/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ['**/electron/**', '**/renderer/**', 'node:*'] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ['**/electron/**', 'node:*', 'better-sqlite3', 'mongodb'] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/renderer/**'], message: 'The backend never imports the UI.' },
            // One domain never reaches into another's handlers or module: shared rules live in services.
            // Only the composition root (electron/backend.ts, importing ./<domain>/...) wires them.
            {
              group: ['../*/handlers', '../*/handlers.ts', '../*/module', '../*/module.ts', '!../core/module'],
              message: noHandlers,
            },
          ],
        },
      ],
    },
  },
)

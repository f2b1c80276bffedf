// Type-aware lint for every workspace. The boundary rules mirror the architecture in README.md:
// shared/ is pure (no I/O libraries, no Node built-ins), server/ never reaches into sandbox/ or app-ui/,
// and the sandbox is written independently of our domain code (it imports nothing from shared/).
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioLibraries = ['express', 'bullmq', 'ioredis', 'pino', 'prom-client', 'jose'];

const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'coverage/**', '.run/**', 'test/artifacts/**', '**/*.cjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins, ...ioLibraries],
      ['@contentstack/*', '@pb/*', 'node:*'],
      'shared/ is the pure domain: no I/O libraries, Node built-ins, Contentstack SDKs or other workspaces.',
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(
      ['@pb/sandbox', '@pb/app-ui'],
      ['@pb/sandbox/*', '@pb/app-ui/*', '../../sandbox/*', '../../app-ui/*'],
      'server/ reaches Contentstack only through base URLs: never import the sandbox or the UI.',
    ),
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: restrict(
      ['@pb/shared', '@pb/server', '@pb/app-ui'],
      ['@pb/*', '../../shared/*', '../../server/*'],
      'The sandbox is written independently of our domain code so a misunderstanding cannot hide on both sides.',
    ),
  },
  {
    files: ['app-ui/**/*.ts', 'app-ui/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      ...restrict(
        ['@pb/server', '@pb/sandbox'],
        ['@pb/server/*', '@pb/sandbox/*', '../../server/*', '../../sandbox/*'],
        'app-ui/ reaches the server and the sandbox over HTTP only.',
      ),
    },
  },
);

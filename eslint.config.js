import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'worker_threads', 'stream'];

/** Layer rules from DESIGN.md §1: the path says where code runs. */
const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'demo/**', 'coverage/**', 'test/fixtures/**', 'bench/results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } } },
  layer(['shared/**'], [...nodeBuiltins, 'electron', 'react', 'react-dom', 'echarts', '@duckdb/*', '**/main/**', '**/renderer/**', '**/preload/**'], 'shared/ is pure TypeScript: no Node, DOM, Electron or UI imports.'),
  layer(['main/**'], ['react', 'react-dom', 'echarts', 'zustand', '**/renderer/**', '**/preload/**'], 'main/ is the host: it never imports the renderer or UI libraries.'),
  layer(['renderer/**'], [...nodeBuiltins, 'electron', '@duckdb/*', '**/main/**', '**/preload/**'], 'renderer/ talks to the host only through renderer/data/transport.ts.'),
  layer(['preload/**'], [...nodeBuiltins.filter((n) => n !== 'node:*'), 'react', '@duckdb/*', '**/main/**', '**/renderer/**'], 'preload/ is the thin bridge: electron and shared/ only.'),
  layer(['main/importers/**'], [...nodeBuiltins, '@duckdb/*', '**/db/**', '**/services/**'], 'Importers are pure: bytes in, records out; the host does the I/O.'),
);

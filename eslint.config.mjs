// Lint = ESLint's and typescript-eslint's recommended sets, plus the few rules below, each for a reason.
// Types themselves are checked by `tsc --noEmit` (npm test runs it first); swc, which runs the tests, strips them.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'reports/', 'coverage/'] },
  // A disable comment that no longer silences anything is an error, so stale ones cannot pile up again.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    // One TypeScript program for the two type-aware rules; `project` builds it faster than `projectService` here.
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // An unawaited promise loses a verdict or a cleanup, or ends the run with an unhandled rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (a server handler, an event listener) rejects unseen.
      '@typescript-eslint/no-misused-promises': 'error',
      // Values come from hostile bytes: compare without coercion (`== null` stays, it means null or undefined).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // `const { dropped: _, ...rest } = x` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.test.ts'],
    // Tests assert that control characters are gone, so their regexes must name them.
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/cli/**', '**/*.test.ts'],
    // console.* belongs to the CLI: library code returns data or writes to a stream it is handed, so what reaches
    // a terminal or a log is decided in one place.
    rules: { 'no-console': 'error' },
  },
  {
    files: ['**/*.js'],
    // bin/ and scripts/ are plain CommonJS run by node.
    languageOptions: {
      sourceType: 'commonjs',
      globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

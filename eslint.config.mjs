// A small, strict lint: typescript-eslint's recommended rules, no `any`, and the module boundaries
// of libs/ (apps/cli/lint/module-boundaries.mjs). Prettier owns the formatting.
import tseslint from 'typescript-eslint';
import boundaries from './apps/cli/lint/module-boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'apps/web/**', 'migrations/17640*', 'migrations/17641*', 'migrations/17642*', 'migrations/17643*', 'migrations/17644*', 'migrations/17645*', 'migrations/17646*'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['libs/**/*.ts', 'apps/api/**/*.ts', 'apps/cli/**/*.ts'],
    plugins: { boundaries },
    rules: { 'boundaries/no-deep-import': 'error', 'boundaries/no-module-cycle': 'error' },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'scripts/**/*.cjs', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-function-type': 'off', // TypeORM lists entity classes as Function
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': 'off',
      'no-var': 'off', // `declare global { var … }` for the test harness
    },
  },
  {
    // The pages' small enhancement script runs in the browser, as a module.
    files: ['src/web/assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { document: 'readonly', CSS: 'readonly', window: 'readonly' } },
  },
  {
    // Pure domain rules stay free of framework imports.
    files: ['src/*/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'typeorm/*', 'express', 'pg'] }],
    },
  },
);

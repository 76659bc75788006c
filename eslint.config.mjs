import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint-rules/module-boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'scripts/**/*.cjs',
      '*.js',
      '*.mjs',
      'test/lint-fixtures/**',
      'test/support/api-types.ts',
    ],
  },
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
  {
    // A page reads its query string through one typed parser (web/http/page-query.ts), which
    // turns repeated and object-shaped parameters into text or a 400, never a 500.
    files: ['src/web/**/*.ts'],
    ignores: ['src/web/http/page-query.ts', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Decorator > CallExpression[callee.name='Query']", message: 'Read the query with pageQuery(req, [...names]).' },
        {
          selector: "MemberExpression[property.name='query'][object.name='req']",
          message: 'Read the query with pageQuery(req, [...names]).',
        },
      ],
    },
  },
  {
    // Modules meet through facades: no other module's entities or tables (see eslint-rules/).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    plugins: { boundaries: moduleBoundaries },
    rules: { 'boundaries/no-foreign-tables': 'error', 'boundaries/no-foreign-entities': 'error' },
  },
  {
    // Entities may name other modules' entities for their foreign keys; the data source lists
    // them all; the declared cross-module read models: the report's facts, and the orders the
    // scheduler acts on (overdue, missing retrospective or feedback, due for auto-close).
    files: [
      'src/*/entities/**/*.ts',
      'src/database/entities.ts',
      'src/insights/read-models.ts',
      'src/notifications/order-deadlines.read-model.ts',
    ],
    rules: { 'boundaries/no-foreign-tables': 'off', 'boundaries/no-foreign-entities': 'off' },
  },
  {
    // The demo seed is a fixture across all modules: it backdates rows (due dates, past
    // recommendations) that no facade would let it write, and it checks how far loading got.
    files: ['src/seed/**/*.ts'],
    rules: { 'boundaries/no-foreign-tables': 'off', 'boundaries/no-foreign-entities': 'off' },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'data/**', 'certs/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Decorated constructor parameters need real imports for DI metadata (TOOLCHAIN P4).
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // The protocol barrel evaluates every zod schema; browser bundles take types from it, and a
    // schema they really need from its own module (`@atrio/protocol/rooms.js`).
    files: ['apps/chat-web/src/**', 'apps/console/src/**', 'libs/web-common/src/**'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@atrio/protocol',
              allowTypeImports: true,
              message:
                'Use `import type`, or import the schema from its own module (@atrio/protocol/<file>.js).',
            },
            {
              name: 'zod',
              allowTypeImports: true,
              message: 'Browser code validates with protocol schemas only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    // Node scripts (bench, tools): the globals Node gives every module.
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);

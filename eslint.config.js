// One lint setup for every workspace: typescript-eslint's recommended rules, and for TypeScript its type-checked
// ones (each file's types from its nearest tsconfig.json, through the project service); formatting is Prettier's job.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/node_modules/**', '**/migrations/**', 'artifacts/**', '.data/**', '**/next-env.d.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits must say what happens when it rejects: `void` alone is not an answer.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      // JSON from the wire and the stores is typed where it enters (schemas); tests read answers loosely on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fastify handlers are async so that what they return is the answer, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      // `x[i]!` is written on purpose, ready for noUncheckedIndexedAccess.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Scripts in plain JavaScript and the tools' own config files are in no TypeScript project.
  { files: ['**/*.{js,mjs,cjs}', '**/*.config.ts'], ...tseslint.configs.disableTypeChecked },
);

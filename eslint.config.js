import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerSurfaces } from './eslint-rules/layer-surfaces.js';

const coreMessage =
  'The core (src/core) is pure: it may import only zod, twitter-text and its own files. ' +
  'Define a port in src/core/ports.ts and implement it in src/adapters instead.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'openwebui/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Another layer only through its surface (a folder's index.ts or a layer's top-level file); see
    // eslint-rules/layer-surfaces.js. Tests are exempt: they check internals of the code beside them, and
    // test/ and bench/ run each adapter behind its port, which its folder's surface does not export.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { smm: { rules: { 'layer-surfaces': layerSurfaces } } },
    rules: { 'smm/layer-surfaces': 'error' },
  },
  {
    // Plain Node scripts (scripts/*.mjs): Node's globals, no TypeScript.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/**', '**/entrypoints/**', '**/app/**'], message: coreMessage },
            {
              group: [
                'node:*', 'fs', 'path', 'child_process', 'better-sqlite3', 'pg', 'kysely', 'chromadb', '@langchain/*',
                'langchain', 'node-llama-cpp', 'fastify', '@fastify/*', '@modelcontextprotocol/*', 'openai', 'commander',
                'yauzl', 'cli-progress',
              ],
              message: coreMessage,
            },
          ],
        },
      ],
    },
  },
);

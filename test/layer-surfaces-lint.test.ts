/**
 * The lint rule that keeps each layer's surface (smm/layer-surfaces, wired in
 * eslint.config.js) reports what it should and nothing else: small sources
 * linted through ESLint's Node API with the project's own configuration, as if
 * they were files at the given paths.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

async function surfaceProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  if (!result) throw new Error(`ESLint returned nothing for ${file}`);
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${file} did not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId === 'smm/layer-surfaces').map((m) => m.message);
}

describe('lint rule smm/layer-surfaces', () => {
  it('reports a static import inside another layer’s folder and names the index to use', async () => {
    const problems = await surfaceProblems(
      'src/entrypoints/cli/commands/fixture.ts',
      "import { PostInputSchema } from '../../../core/posts/post-schema.js';\nexport const schema = PostInputSchema;\n",
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("'../../../core/posts/post-schema.js' reaches inside src/core/posts");
    expect(problems[0]).toContain("import '../../../core/posts/index.js' instead");
  });

  it('reports deep type imports, re-exports, import() and typeof import() alike', async () => {
    const problems = await surfaceProblems(
      'src/app/fixture.ts',
      [
        "import type { Post } from '../core/posts/post-schema.js';",
        "export { openStorage } from '../adapters/storage/open-storage.js';",
        "export * from '../adapters/vector/open-vector-index.js';",
        "export const load = () => import('../core/generation/generation-service.js');",
        "export type Service = typeof import('../core/voice/voice-service.js');",
        'export type Posts = Post[];',
        '',
      ].join('\n'),
    );
    expect(problems).toHaveLength(5);
    for (const folder of ['core/posts', 'adapters/storage', 'adapters/vector', 'core/generation', 'core/voice']) {
      expect(problems.some((p) => p.includes(`inside src/${folder} from src/app`))).toBe(true);
    }
  });

  it('reports an import against the direction of the layers', async () => {
    const problems = await surfaceProblems(
      'src/adapters/llm/fixture.ts',
      "import { loadConfig } from '../../app/config.js';\nexport const config = loadConfig;\n",
    );
    expect(problems).toEqual(['src/adapters may not import src/app: the layers depend entrypoints → app → adapters → core.']);
  });

  it('accepts a folder’s index, a layer’s top-level file, and the same layer’s files', async () => {
    expect(
      await surfaceProblems(
        'src/entrypoints/operations/fixture.ts',
        [
          "import { PostInputSchema } from '../../core/posts/index.js';",
          "import { NotFoundError } from '../../core/errors.js';",
          "import { loadConfig } from '../../app/config.js';",
          "import { errorReply } from '../http/http-errors.js';",
          "export const load = () => import('../../adapters/vector/index.js');",
          'export const parts = [PostInputSchema, NotFoundError, loadConfig, errorReply];',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
    expect(
      await surfaceProblems(
        'src/core/generation/fixture.ts',
        "import { PostInputSchema } from '../posts/post-schema.js';\nexport const schema = PostInputSchema;\n",
      ),
    ).toEqual([]);
  });

  it('leaves tests alone: beside the code, in test/ and in bench/', async () => {
    const deep = "import { MemoryVectorIndex } from '../adapters/vector/memory-vector-index.js';\nexport const index = MemoryVectorIndex;\n";
    expect(await surfaceProblems('src/app/fixture.test.ts', deep)).toEqual([]);
    expect(
      await surfaceProblems(
        'test/fixture.test.ts',
        "import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';\nexport const index = MemoryVectorIndex;\n",
      ),
    ).toEqual([]);
  });
});

import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, smmJson, tempHome } from './helpers/run-smm.js';
import { startOpenAiProtocolServer, type OpenAiProtocolServer } from './support/openai-protocol-server.js';

const SAMPLE = path.join(PROJECT_ROOT, 'samples', 'acme-coffee-x-archive');

describe('smm generate against an OpenAI-compatible server (real HTTP) for both the chat model and the embedder', () => {
  let home: string;
  let server: OpenAiProtocolServer;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    home = tempHome();
    server = await startOpenAiProtocolServer({
      reply: JSON.stringify({
        variants: [
          { text: 'Cold brew tip: grind coarse, steep 18 hours, strain twice. Your summer self will thank you.', hashtags: [] },
          { text: 'We roast on Tuesdays. Come smell it.', hashtags: [] },
        ],
      }),
      embeddingDimensions: 16,
    });
    env = { SMM_LLM: 'openai', SMM_OPENAI_BASE_URL: server.baseUrl, SMM_MODEL: 'local-model', SMM_EMBEDDER: 'openai:local-embedder' };
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme'], { env });
    await smmJson(home, ['import', SAMPLE, '--profile', 'acme'], { env });
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('indexes with the neural embedder, retrieves by vector and checks the model’s variants', async () => {
    const result = await smmJson<{ retrieval: string; model: string; variants: { text: string; valid: boolean; length: number }[]; usage: { promptTokens: number } }>(
      home,
      ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew', '-n', '2'],
      { env },
    );
    expect(result.retrieval).toBe('vector');
    expect(result.model).toMatch(/local-model/);
    expect(result.variants.map((variant) => variant.text)).toEqual([
      'Cold brew tip: grind coarse, steep 18 hours, strain twice. Your summer self will thank you.',
      'We roast on Tuesdays. Come smell it.',
    ]);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(server.requests.some((request) => request.path.endsWith('/embeddings'))).toBe(true);
    const status = await smmJson<{ checks: { name: string; ok: boolean; detail: string }[] }>(home, ['doctor'], { env });
    const embedder = status.checks.find((check) => check.name === 'embedder');
    expect(embedder).toMatchObject({ ok: true });
    expect(embedder?.detail).toContain('16 dimensions');
  });
});

import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, smm, smmJson, tempHome } from './helpers/run-smm.js';

interface Generation {
  generationId: number;
  variants: { postId: number; text: string; length: number; limit: number; valid: boolean; violations: unknown[]; voiceScore: number }[];
  examples: { postId: number; text: string }[];
  retrieval: 'vector' | 'fulltext-fallback';
  model: string;
  usage: { promptTokens: number; completionTokens: number };
  latencyMs: number;
}

const SAMPLE = path.join(PROJECT_ROOT, 'samples', 'acme-coffee-x-archive');

describe('smm generate, voice, reindex and doctor (in process, real SQLite and the real local Chroma server, scripted model)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempHome();
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme', '--platforms', 'x']);
    await smmJson(home, ['import', SAMPLE, '--profile', 'acme']);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('writes variants as drafts with the documented JSON shape, from vector-retrieved examples', async () => {
    const result = await smmJson<Generation>(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew tips for summer', '-n', '2']);
    expect(result.retrieval).toBe('vector');
    expect(result.variants).toHaveLength(2);
    expect(result.examples.length).toBeGreaterThan(0);
    expect(result.model).toMatch(/^scripted:/);
    for (const variant of result.variants) {
      expect(variant.limit).toBe(280);
      expect(variant.length).toBeGreaterThanOrEqual(0);
      expect(variant.voiceScore).toBeGreaterThanOrEqual(0);
      expect(variant.voiceScore).toBeLessThanOrEqual(100);
      const draft = await smmJson<{ status: string; source: string; generationId: number }>(home, ['post', 'show', String(variant.postId)]);
      expect(draft).toMatchObject({ status: 'draft', source: 'generated', generationId: result.generationId });
    }
    const human = await smm(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'roasting day', '-n', '1']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/Variant 1/);
  });

  it('follows a configured platform limit (a paid X account)', async () => {
    const result = await smmJson<Generation>(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'long read', '-n', '1'], {
      env: { SMM_PLATFORM_LIMITS: 'x=25000' },
    });
    expect(result.variants[0]!.limit).toBe(25000);
  });

  it('rewrites a post for another platform, shorter, or as instructed, as new drafts', async () => {
    const page = await smmJson<{ posts: { id: number }[] }>(home, ['post', 'list', '--profile', 'acme', '--status', 'published', '--limit', '1']);
    const source = page.posts[0]!.id;
    const toLinkedIn = await smmJson<Generation>(home, ['rewrite', String(source), '--to', 'linkedin', '-n', '1']);
    expect(toLinkedIn.variants).toHaveLength(1);
    expect(toLinkedIn.variants[0]!.limit).toBe(3000);
    const shorter = await smmJson<Generation>(home, ['rewrite', String(source), '--shorter']);
    expect(shorter.variants.length).toBeGreaterThan(0);
    const vague = await smm(home, ['rewrite', String(source)]);
    expect(vague.status).toBe(2);
    expect(vague.stderr).toMatch(/--to <platform>, --shorter, --longer or --instruction/);
  });

  it('returns a thread as parts with --thread, and refuses a thread where the platform has none', async () => {
    const result = await smmJson<Generation & { variants: { parts?: string[] }[] }>(home, [
      'generate', '--profile', 'acme', '--platform', 'x', '--topic', 'a long guide to brewing', '-n', '1', '--thread',
    ]);
    expect(result.variants).toHaveLength(1);
    expect(Array.isArray(result.variants[0]!.parts)).toBe(true);
    const thread = await smm(home, ['generate', '--profile', 'acme', '--platform', 'linkedin', '--topic', 'x', '--thread']);
    expect(thread.status).toBe(2);
    expect(thread.stderr).toMatch(/thread/i);
  });

  it('lists the models: the one in use, the known ones and the cache', async () => {
    const models = await smmJson<{ inUse: string; known: { uri: string }[]; cached: unknown[] }>(home, ['models', 'list'], { env: { SMM_LLM: 'embedded' } });
    expect(models.inUse).toMatch(/^embedded: hf:/);
    expect(models.known.length).toBeGreaterThanOrEqual(2);
    expect(models.cached).toEqual([]);
  });

  it('falls back to full-text search when the vector index is unreachable, and says so', async () => {
    const result = await smmJson<Generation>(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew'], {
      env: { CHROMA_URL: 'http://127.0.0.1:9' },
    });
    expect(result.retrieval).toBe('fulltext-fallback');
    expect(result.variants.length).toBe(3);
  });

  it('shows and scores the voice', async () => {
    const view = await smmJson<{ handle: string; summary: string[]; sampleCount: number }>(home, ['voice', 'show', 'acme']);
    expect(view.handle).toBe('acme');
    expect(view.sampleCount).toBeGreaterThan(20);
    expect(view.summary.length).toBeGreaterThan(2);
    const own = await smmJson<{ score: number }>(home, ['voice', 'score', 'acme', '--text', 'We roast on Tuesdays. Grind finer if your cup tastes sour. ☕']);
    const other = await smmJson<{ score: number }>(home, ['voice', 'score', 'acme', '--text', 'OMG!!! BIGGEST SALE EVER 🔥🔥🔥 #deals #sale #shopping CLICK NOW']);
    expect(own.score).toBeGreaterThan(other.score);
  });

  it('reindexes with progress figures and reports the index in doctor', async () => {
    const reindex = await smmJson<{ upserted: number; embedder: string }>(home, ['reindex']);
    expect(reindex.upserted).toBeGreaterThan(30);
    expect(reindex.embedder).toMatch(/^builtin:/);
    const doctor = await smmJson<{ ok: boolean; checks: { name: string; ok: boolean; detail: string }[] }>(home, ['doctor']);
    expect(doctor.checks.map((check) => [check.name, check.ok])).toEqual([
      ['database', true],
      ['vector index', true],
      ['chat model', true],
      ['embedder', true],
    ]);
    expect(doctor.ok).toBe(true);
  });

  it('doctor names the setting to fix when a part is down', async () => {
    const result = await smm(home, ['doctor', '--json'], { env: { CHROMA_URL: 'http://127.0.0.1:9', SMM_LLM: 'ollama', SMM_OLLAMA_URL: 'http://127.0.0.1:9' } });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { checks: { name: string; ok: boolean; fix: string | null }[] };
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
    expect(byName['vector index']).toMatchObject({ ok: false });
    expect(byName['vector index']?.fix).toMatch(/CHROMA_URL/);
    expect(byName['chat model']).toMatchObject({ ok: false });
    expect(byName['chat model']?.fix).toMatch(/SMM_OLLAMA_URL|Ollama/);
  });

  it('explains a generation request it cannot run', async () => {
    const noTopic = await smm(home, ['generate', '--profile', 'acme', '--platform', 'x']);
    expect(noTopic.status).toBe(2);
    expect(noTopic.stderr).toMatch(/--topic/);
    const badPlatform = await smm(home, ['generate', '--profile', 'acme', '--platform', 'myspace', '--topic', 'x']);
    expect(badPlatform.status).toBe(2);
    const unreachable = await smm(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'x'], {
      env: { SMM_LLM: 'openai', SMM_OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', SMM_MODEL: 'm' },
    });
    expect(unreachable.status).toBe(7);
    expect(unreachable.stderr).toMatch(/SMM_OPENAI_BASE_URL/);
  });
});

describe('smm demo (the README main job), with a scripted model standing in for the embedded one', () => {
  it('creates the sample profile, imports its archive, lists it and writes three drafts; running it again adds nothing', async () => {
    const home = tempHome();
    try {
      const first = await smmJson<{ import: { imported: number; skipped: Record<string, number> }; latest: unknown[]; generation: Generation }>(home, ['demo']);
      expect(first.import.imported).toBe(33);
      expect(first.import.skipped).toEqual({ retweet: 1 });
      expect(first.latest).toHaveLength(5);
      expect(first.generation.variants).toHaveLength(3);
      const second = await smmJson<{ import: { imported: number; duplicates: number } }>(home, ['demo']);
      expect(second.import).toMatchObject({ imported: 0, duplicates: 33 });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('offline with the embedded default and no model in the cache, fails fast with what to do', async () => {
    const home = tempHome();
    try {
      const started = Date.now();
      const result = await smm(home, ['demo'], { env: { SMM_LLM: 'embedded' } });
      expect(result.status).toBe(7);
      expect(result.stdout).toContain('Latest posts of @acme-coffee');
      expect(result.stderr).toMatch(/smm models pull|SMM_MODEL_PATH/);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

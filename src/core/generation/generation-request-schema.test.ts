import { describe, expect, it } from 'vitest';
import { GenerateRequestSchema, RewriteRequestSchema } from './generation-request-schema.js';

/** The issues of a refused request, as path and message. */
function issues(result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } }): Array<{ path: string; message: string }> {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('GenerateRequestSchema', () => {
  const base = { handle: 'acme', platform: 'x' };

  it('defaults to three variants, no thread, and trims the topic', () => {
    expect(GenerateRequestSchema.parse({ ...base, topic: '  spring menu  ' })).toEqual({ ...base, topic: 'spring menu', n: 3, thread: false });
  });

  it('takes a source text instead of a topic', () => {
    expect(GenerateRequestSchema.parse({ ...base, sourceText: 'Blog: our spring menu.' })).toMatchObject({ topic: '', sourceText: 'Blog: our spring menu.' });
  });

  it('refuses a request with neither a topic nor a source text, saying so on the topic', () => {
    for (const request of [base, { ...base, topic: '   ' }, { ...base, topic: ' ', sourceText: '  \n ' }]) {
      expect(issues(GenerateRequestSchema.safeParse(request))).toEqual([{ path: 'topic', message: 'Give a topic, or a source text to repurpose.' }]);
    }
  });

  it('takes 1 to 10 variants', () => {
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a', n: 1 }).success).toBe(true);
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a', n: 10 }).success).toBe(true);
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a', n: 0 }).success).toBe(false);
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a', n: 11 }).success).toBe(false);
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a', n: 2.5 }).success).toBe(false);
  });

  it('takes a topic up to 4,000 characters and a source text up to 200,000', () => {
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a'.repeat(4_000) }).success).toBe(true);
    expect(GenerateRequestSchema.safeParse({ ...base, topic: 'a'.repeat(4_001) }).success).toBe(false);
    expect(GenerateRequestSchema.safeParse({ ...base, sourceText: 'a'.repeat(200_000) }).success).toBe(true);
    expect(GenerateRequestSchema.safeParse({ ...base, sourceText: 'a'.repeat(200_001) }).success).toBe(false);
  });
});

describe('RewriteRequestSchema', () => {
  it('defaults to one rewrite, neither shorter nor longer, no thread', () => {
    expect(RewriteRequestSchema.parse({ postId: 4, to: 'linkedin' })).toEqual({ postId: 4, to: 'linkedin', shorter: false, longer: false, n: 1, thread: false });
  });

  it('takes any one way to rewrite: another platform, shorter, longer or an instruction (trimmed)', () => {
    for (const how of [{ to: 'bluesky' }, { shorter: true }, { longer: true }, { instruction: ' warmer ' }]) {
      expect(RewriteRequestSchema.safeParse({ postId: 4, ...how }).success).toBe(true);
    }
    expect(RewriteRequestSchema.parse({ postId: 4, instruction: '  warmer  ' }).instruction).toBe('warmer');
  });

  it('refuses a rewrite that does not say how, saying so on the instruction', () => {
    for (const request of [{ postId: 4 }, { postId: 4, instruction: '   ' }, { postId: 4, shorter: false, longer: false }]) {
      expect(issues(RewriteRequestSchema.safeParse(request))).toEqual([
        { path: 'instruction', message: 'Say how to rewrite: give at least one of to, shorter, longer or instruction.' },
      ]);
    }
  });

  it('refuses shorter and longer at once', () => {
    expect(issues(RewriteRequestSchema.safeParse({ postId: 4, shorter: true, longer: true }))).toEqual([{ path: 'shorter', message: 'Ask for shorter or longer, not both.' }]);
  });

  it('takes a positive whole post id, 1 to 10 rewrites and an instruction up to 2,000 characters', () => {
    const ok = (request: Record<string, unknown>): boolean => RewriteRequestSchema.safeParse({ postId: 4, shorter: true, ...request }).success;
    expect([ok({ postId: 1 }), ok({ postId: 0 }), ok({ postId: 1.5 })]).toEqual([true, false, false]);
    expect([ok({ n: 1 }), ok({ n: 10 }), ok({ n: 0 }), ok({ n: 11 })]).toEqual([true, true, false, false]);
    expect([ok({ instruction: 'a'.repeat(2_000) }), ok({ instruction: 'a'.repeat(2_001) })]).toEqual([true, false]);
  });
});

describe('request schemas', () => {
  it('describe every field, for the OpenAPI document and the MCP tools', () => {
    const fields = [GenerateRequestSchema.shape, RewriteRequestSchema.shape].flatMap((shape) => Object.entries(shape));
    expect(fields.map(([field]) => field)).toEqual(['handle', 'platform', 'topic', 'n', 'sourceText', 'thread', 'postId', 'to', 'shorter', 'longer', 'instruction', 'n', 'thread']);
    for (const [field, value] of fields) {
      expect((value as { description?: string }).description?.length ?? 0, field).toBeGreaterThan(10);
    }
  });
});

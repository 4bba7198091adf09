import { describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { Scope } from '../../core/profiles/index.js';
import { generatePosts, rewritePost, scoreVoice, showVoice } from './generation-operations.js';

const scope: Scope = { workspace: 'acme-co' };

function paths(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));
}

describe('generate_posts', () => {
  it('writes 3 single posts by default, and needs a topic or a source text', () => {
    expect(generatePosts.input.parse({ handle: 'acme', platform: 'x', topic: ' cold brew ' })).toStrictEqual({ handle: 'acme', platform: 'x', topic: 'cold brew', n: 3, thread: false });
    expect(generatePosts.input.parse({ handle: 'acme', platform: 'x', sourceText: 'An article.' })).toMatchObject({ topic: '', sourceText: 'An article.' });
    expect(paths(generatePosts.input, { handle: 'acme', platform: 'x' })).toEqual(['topic']);
    expect(paths(generatePosts.input, { handle: 'acme', platform: 'x', topic: '   ', sourceText: '  ' })).toEqual(['topic']);
  });

  it('writes 1 to 10 variants, for a known platform', () => {
    expect(paths(generatePosts.input, { handle: 'acme', platform: 'x', topic: 't', n: 0 })).toEqual(['n']);
    expect(paths(generatePosts.input, { handle: 'acme', platform: 'x', topic: 't', n: 11 })).toEqual(['n']);
    expect(paths(generatePosts.input, { handle: 'acme', platform: 'myspace', topic: 't' })).toEqual(['platform']);
    expect(generatePosts.description).toContain('x, linkedin, instagram, threads, bluesky, mastodon, facebook');
  });

  it('hands the request to the generation service with the cancellation signal and progress listener', async () => {
    const calls: unknown[][] = [];
    const app = { generation: async () => ({ generate: async (...args: unknown[]) => (calls.push(args), { variants: [] }) }) } as unknown as App;
    const signal = new AbortController().signal;
    const onProgress = () => undefined;
    const input = generatePosts.input.parse({ handle: 'acme', platform: 'linkedin', topic: 'launch', n: 2, thread: true });
    expect(await generatePosts.run(app, scope, input, { signal, onProgress })).toEqual({ variants: [] });
    expect(calls).toEqual([[scope, { handle: 'acme', platform: 'linkedin', topic: 'launch', n: 2, thread: true, signal, onProgress }]]);
  });
});

describe('rewrite_post', () => {
  it('writes one rewrite by default, and refuses shorter and longer together', () => {
    expect(rewritePost.input.parse({ postId: 4, to: 'linkedin' })).toStrictEqual({ postId: 4, to: 'linkedin', shorter: false, longer: false, n: 1, thread: false });
    const both = rewritePost.input.safeParse({ postId: 4, shorter: true, longer: true });
    expect(both.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['shorter', 'Ask for shorter or longer, not both.']]);
    expect(paths(rewritePost.input, { postId: 0, shorter: true })).toEqual(['postId']);
    expect(rewritePost.input.parse({ postId: 4, instruction: ' drop the emoji ' })).toMatchObject({ instruction: 'drop the emoji' });
  });

  it('takes its post id from the path name postId', () => {
    expect(rewritePost.path).toBe('/posts/{postId}/rewrite');
    expect(Object.keys(rewritePost.input.shape)).toContain('postId');
  });
});

describe('show_voice and score_voice', () => {
  it('score_voice trims the text and refuses a blank one', () => {
    expect(scoreVoice.input.parse({ handle: 'acme', text: '  Hello there.  ' })).toStrictEqual({ handle: 'acme', text: 'Hello there.' });
    const blank = scoreVoice.input.safeParse({ handle: 'acme', text: ' \n ' });
    expect(blank.success).toBe(false);
    expect(blank.error!.issues.map((issue) => issue.message)).toEqual(['Give the text to score.']);
    expect(paths(scoreVoice.input, { handle: 'acme', text: 'w'.repeat(100_001) })).toEqual(['text']);
  });

  it('ask the voice service about the given profile', async () => {
    const calls: unknown[][] = [];
    const voice = { show: async (...args: unknown[]) => (calls.push(['show', ...args]), {}), score: async (...args: unknown[]) => (calls.push(['score', ...args]), {}) };
    const app = { voice: async () => voice } as unknown as App;
    const signal = new AbortController().signal;
    await showVoice.run(app, scope, showVoice.input.parse({ handle: 'Acme' }), { signal });
    await scoreVoice.run(app, scope, { handle: 'acme', text: 'Hi' }, { signal });
    expect(calls).toEqual([
      ['show', scope, 'acme'],
      ['score', scope, 'acme', 'Hi'],
    ]);
  });
});

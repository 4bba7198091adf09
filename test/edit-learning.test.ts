import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScriptedChatModel } from '../src/adapters/llm/scripted-chat-model.js';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { loadConfig } from '../src/app/config.js';
import { createApp, type App } from '../src/app/create-app.js';
import type { GenerationResult } from '../src/core/generation/generation-service.js';
import { ownPosts } from '../src/core/learning/own-posts.js';
import type { StructuredRequest } from '../src/core/ports.js';

/**
 * The edit-learning loop end to end over the real app (SQLite file, built-in
 * embedder, in-memory vector index adapter): drafts written by a scripted
 * model, edited and approved through the post service as a user would, then
 * the next prompt and the next ranking.
 */

const scope = { workspace: 'default' };

const PAST = [
  'Cold brew is back. Eighteen hours, no shortcuts.',
  'New roast on the shelf: Guji, washed. Blueberry and jasmine.',
  'Open late on Friday. Bring a friend.',
  'Our Lyon shop turns two this week. Thank you.',
  'Grinder day behind the counter. Espresso tastes brighter already.',
  'Oat milk is now free in every drink.',
];

/** Each round the model writes a long variant with emoji first, then a short plain one. */
const ROUNDS = [
  {
    long: '🎉 Big news from the roastery today: our summer cold brew is finally back on tap in both shops, steeped for eighteen slow hours 🚀',
    short: 'Cold brew is back on tap.',
    edited: 'Cold brew is back on tap in both shops.',
  },
  {
    long: '☕ We are thrilled to share that a brand new single origin from Huila lands on our shelves this Friday, with notes of red apple ✨',
    short: 'New Huila on the shelf Friday.',
    edited: 'New Huila on the shelf this Friday.',
  },
  {
    long: '🥐 Fresh news for early birds: the pastry counter now opens at seven every single morning, with croissants baked right here 🌅',
    short: 'Pastries from seven now.',
    edited: 'Pastries from seven every morning.',
  },
];
const NEXT = {
  long: '🚀 Exciting times at the roastery: our new espresso blend launches next week in every shop, roasted darker than ever before 🎉',
  short: 'New espresso blend next week.',
};

function variantsFor(pair: { long: string; short: string }) {
  return (request: StructuredRequest) => {
    // A repair round (the reply, then a turn naming the failing variants) gets those drafts back unchanged: this test is about ranking, not repair.
    const [reply, turn] = request.messages.slice(-2);
    const failing = /^PROBLEMS: (\{.*\})$/.exec(turn?.content ?? '');
    if (reply?.role === 'assistant' && failing) {
      const drafts = (JSON.parse(reply.content) as { variants: Array<{ text: string }> }).variants;
      const numbers = Object.keys(JSON.parse(failing[1]!) as Record<string, string[]>).map(Number);
      return { value: { variants: numbers.map((number) => ({ text: drafts[number - 1]!.text, hashtags: [] })) } };
    }
    return { value: { variants: [pair.long, pair.short].map((text) => ({ text, hashtags: [] })) } };
  };
}

describe('learning from the user’s edits', () => {
  let dir: string;
  let app: App;
  let model: ScriptedChatModel;
  let script: { long: string; short: string };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'smm-edits-'));
    script = ROUNDS[0]!;
    model = new ScriptedChatModel({ replies: [(request) => variantsFor(script)(request)], whenExhausted: 'repeat-last' });
    app = await createApp(loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted' }), { chatModel: model, vectorIndex: new MemoryVectorIndex() });
    await app.profiles.create(scope, { handle: 'acme', displayName: 'Acme Coffee', platforms: ['x'] });
    for (const [index, text] of PAST.entries()) {
      await app.posts.add(scope, 'acme', { platform: 'x', text, status: 'published', source: 'imported', publishedAt: `2026-01-0${index + 1}T09:00:00Z` });
    }
  });
  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function generate(pair: { long: string; short: string }): Promise<{ result: GenerationResult; prompt: string }> {
    script = pair;
    const first = model.calls.length;
    const result = await (await app.generation()).generate(scope, { handle: 'acme', platform: 'x', topic: 'shop news', n: 2 });
    // The run's first request is the generate prompt; a repair request may follow it.
    const prompt = model.calls[first]?.messages[1]?.content ?? '';
    expect(prompt).toContain('TASK: Write 2 new');
    return { result, prompt };
  }

  /** The user edits the long variant in two steps (emoji out, then shorter) and approves it. */
  async function editAndApprove(result: GenerationResult, round: (typeof ROUNDS)[number]): Promise<number> {
    const draft = result.variants.find((variant) => variant.text === round.long);
    expect(draft, 'the long variant was saved as a draft').toBeDefined();
    const id = draft!.postId;
    await app.posts.update(scope, id, { text: round.long.replace(/\p{Extended_Pictographic}/gu, '').trim() });
    await app.posts.update(scope, id, { text: round.edited });
    await app.posts.setStatus(scope, id, 'approved');
    return id;
  }

  it('several edits that remove emoji and shorten the text change the next prompt and the next ranking', async () => {
    const before = await generate(NEXT);
    expect(before.prompt).not.toContain('LEARNED FROM');
    expect(before.result.variants.map((variant) => variant.text)).toEqual([NEXT.long, NEXT.short]);
    expect(before.result.variants[0]).not.toHaveProperty('editFit');
    expect((await app.edits.show(scope, 'acme')).guidance).toEqual([]);

    const approved: number[] = [];
    const unapproved: number[] = [];
    for (const round of ROUNDS) {
      const { result } = await generate(round);
      approved.push(await editAndApprove(result, round));
      unapproved.push(...result.variants.filter((variant) => variant.text !== round.long).map((variant) => variant.postId));
    }

    const learnt = await app.edits.show(scope, 'acme');
    expect(learnt.pairCount).toBe(3);
    const byId = new Map(learnt.guidance.map((item) => [item.id, item]));
    expect(byId.get('removes-emoji')).toMatchObject({ description: 'removes emoji', count: 3, of: 3, evidence: '3 of 3 drafts that had emoji' });
    expect(byId.get('shortens')).toMatchObject({ count: 3, of: 3, evidence: '3 of 3 approved drafts' });
    // The pairs compare with what the model wrote, not with the intermediate edit.
    const pairs = await app.storage.editPairs.listApproved((await app.profiles.get(scope, 'acme')).id, 10);
    expect(pairs.map((pair) => pair.generatedText).sort()).toEqual(ROUNDS.map((round) => round.long).sort());
    expect(pairs.map((pair) => pair.approvedText).sort()).toEqual(ROUNDS.map((round) => round.edited).sort());

    const after = await generate(NEXT);
    expect(after.prompt).toContain("LEARNED FROM THE USER'S EDITS");
    expect(after.prompt).toContain('- Use no emoji: the user takes them out (3 of 3 drafts that had emoji)');
    expect(after.prompt).toMatch(/- Write shorter than a first draft, near \d+ characters: the user shortens drafts by about \d+% \(3 of 3 approved drafts\)/);
    // Same model output, new order: the variant with emoji and length the user keeps cutting goes last, saying why.
    expect(after.result.variants.map((variant) => variant.text)).toEqual([NEXT.short, NEXT.long]);
    expect(after.result.variants[0]!.editFit).toEqual({ adjustment: 0, reasons: [] });
    const demoted = after.result.variants[1]!.editFit!;
    expect(demoted.adjustment).toBeLessThan(0);
    expect(demoted.reasons).toEqual([expect.stringContaining('has emoji'), expect.stringMatching(/characters, longer than the \d+ you usually approve/)]);
    // The saved drafts follow the ranking: post ids still match their texts.
    for (const variant of after.result.variants) expect((await app.posts.get(scope, variant.postId)).post.text).toBe(variant.text);

    // Approved drafts serve as examples now; drafts nobody approved never do.
    const examples = after.result.examples.map((example) => example.postId);
    expect(examples.filter((id) => approved.includes(id)).length).toBeGreaterThan(0);
    expect(examples.filter((id) => unapproved.includes(id))).toEqual([]);
    expect(before.result.examples.every((example) => !approved.includes(example.postId))).toBe(true);

    // Approved drafts are the profile's own posts now; drafts nobody approved are not.
    const profile = await app.profiles.get(scope, 'acme');
    const own: number[] = [];
    for await (const batch of ownPosts(app.storage.posts, profile.id)) own.push(...batch.map((post) => post.id));
    expect(own).toEqual(expect.arrayContaining(approved));
    expect(own).not.toContain(after.result.variants[0]!.postId);
    expect(own).toHaveLength(PAST.length + approved.length);
    expect((await (await app.voice()).show(scope, 'acme')).sampleCount).toBe(PAST.length + approved.length);
  });

  it('a removed item leaves prompt and ranking and stays removed as evidence grows; restore puts it back', async () => {
    for (const round of ROUNDS.slice(0, 2)) await editAndApprove((await generate(round)).result, round);
    const removed = await app.edits.remove(scope, 'acme', 'removes-emoji');
    expect(removed.guidance.map((item) => item.id)).not.toContain('removes-emoji');
    expect(removed.removed.map((item) => item.id)).toEqual(['removes-emoji']);
    // Removing it again changes nothing; an id nobody learnt is an error naming the known ones.
    expect((await app.edits.remove(scope, 'acme', 'removes-emoji')).removed).toHaveLength(1);
    await expect(app.edits.remove(scope, 'acme', 'adds-hashtags')).rejects.toMatchObject({ code: 'not_found', hint: expect.stringContaining('shortens') });

    await editAndApprove((await generate(ROUNDS[2]!)).result, ROUNDS[2]!);
    const next = await generate(NEXT);
    expect(next.prompt).not.toContain('Use no emoji');
    expect(next.prompt).toContain('Write shorter');
    expect(next.result.variants[1]!.editFit!.reasons.join(' ')).not.toContain('has emoji');
    expect((await app.edits.show(scope, 'acme')).removed[0]).toMatchObject({ id: 'removes-emoji', count: 3 });

    const restored = await app.edits.restore(scope, 'acme', 'removes-emoji');
    expect(restored.guidance.map((item) => item.id)).toContain('removes-emoji');
    await expect(app.edits.restore(scope, 'acme', 'removes-emoji')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a rewrite asked to be longer keeps the learnt emoji habit but not the length one', async () => {
    for (const round of ROUNDS.slice(0, 2)) await editAndApprove((await generate(round)).result, round);
    const past = (await app.posts.list(scope, { handle: 'acme', status: ['published'], limit: 1 })).posts[0]!;
    script = NEXT;
    const first = model.calls.length;
    const result = await (await app.generation()).rewrite(scope, { postId: past.id, longer: true, n: 2 });
    const prompt = model.calls[first]!.messages[1]!.content;
    expect(prompt).toContain('- Use no emoji');
    expect(prompt).not.toContain('Write shorter');
    const demoted = result.variants.find((variant) => variant.text === NEXT.long)!;
    expect(demoted.editFit!.reasons).toEqual([expect.stringContaining('has emoji')]);
  });

  it('a draft approved as it is counts against a habit; written posts and unapproved drafts teach nothing', async () => {
    const first = await generate(ROUNDS[0]!);
    await editAndApprove(first.result, ROUNDS[0]!);
    // The short variant of the same run, approved without an edit.
    await app.posts.setStatus(scope, first.result.variants.find((variant) => variant.text === ROUNDS[0]!.short)!.postId, 'approved');
    // A post written by hand, approved: no pair.
    const written = await app.posts.add(scope, 'acme', { platform: 'x', text: '🎉 Written by hand 🎉' });
    await app.posts.setStatus(scope, written.id, 'approved');
    // A draft edited but never approved: no pair.
    const second = await generate(ROUNDS[1]!);
    await app.posts.update(scope, second.result.variants[0]!.postId, { text: 'Edited, not approved.' });

    const view = await app.edits.show(scope, 'acme');
    expect(view.pairCount).toBe(2);
    // Emoji: 1 of 1 drafts that had emoji is below the two-pair threshold; length: 1 of 2 is no majority.
    expect(view.guidance).toEqual([]);
  });
});

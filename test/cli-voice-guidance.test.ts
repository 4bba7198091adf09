import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smm, smmJson, tempHome } from './helpers/run-smm.js';

/**
 * The edit-learning loop through the CLI only (in process, real SQLite, the
 * built-in scripted model): generate, edit the drafts, approve, then see,
 * remove and restore what was learnt.
 */

interface Generation {
  variants: Array<{ postId: number; text: string; editFit?: { adjustment: number; reasons: string[] } }>;
}
interface GuidanceView {
  pairCount: number;
  guidance: Array<{ id: string; description: string; evidence: string }>;
  removed: Array<{ id: string }>;
}

const EDITS = [
  'Scripted text, rewritten: our cold brew is back on tap in both shops, eighteen hours of steeping ☕',
  'Scripted text, rewritten: a new single origin from Huila lands on the shelf this Friday, red apple notes 🍎',
];

describe('smm voice guidance (in process)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempHome();
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme', '--platforms', 'x']);
    for (const text of ['Cold brew is back.', 'New roast on the shelf.', 'Open late on Friday.']) {
      await smmJson(home, ['post', 'add', '--profile', 'acme', '--platform', 'x', '--text', text, '--status', 'published']);
    }
    for (const text of EDITS) {
      const generation = await smmJson<Generation>(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'shop news', '-n', '2']);
      const id = String(generation.variants[0]!.postId);
      await smmJson(home, ['post', 'edit', id, '--text', text]);
      await smmJson(home, ['post', 'edit', id, '--status', 'approved']);
    }
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('lists what the edits taught, with evidence and ids, also in `voice show`', async () => {
    const view = await smmJson<GuidanceView>(home, ['voice', 'guidance', 'list', 'acme']);
    expect(view.pairCount).toBe(2);
    expect(view.guidance.map((item) => item.id)).toEqual(['adds-emoji', 'lengthens']);
    expect(view.guidance[0]).toMatchObject({ description: 'adds emoji', evidence: '2 of 2 approved drafts' });

    const human = await smm(home, ['voice', 'guidance', 'list', 'acme']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain('Learnt from your edits (2 approved drafts)');
    expect(human.stdout).toContain('adds emoji (2 of 2 approved drafts)  [adds-emoji]');
    expect(human.stdout).toContain('smm voice guidance rm acme <id>');

    const show = await smm(home, ['voice', 'show', 'acme']);
    expect(show.stdout).toContain('Learnt from your edits');
    expect(show.stdout).toMatch(/lengthens drafts by about \d+% \(2 of 2 approved drafts\)/);
    const showJson = await smmJson<{ editGuidance: GuidanceView }>(home, ['voice', 'show', 'acme']);
    expect(showJson.editGuidance.guidance).toHaveLength(2);
  });

  it('ranks and explains the next variants by the learnt edits', async () => {
    const generation = await smmJson<Generation>(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'weekend', '-n', '1']);
    expect(generation.variants[0]!.editFit!.reasons.join('\n')).toContain('has no emoji (learnt from your edits: adds emoji');
    const human = await smm(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'weekend', '-n', '1']);
    expect(human.stdout).toMatch(/↓ has no emoji/);
  });

  it('removes an item for good and restores it; an unknown id exits 3 naming the known ones', async () => {
    const removed = await smm(home, ['voice', 'guidance', 'rm', 'acme', 'adds-emoji']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed "adds-emoji"');
    expect(removed.stdout).toContain('removed by you');
    const after = await smmJson<GuidanceView>(home, ['voice', 'guidance', 'list', 'acme']);
    expect(after.guidance.map((item) => item.id)).toEqual(['lengthens']);
    expect(after.removed.map((item) => item.id)).toEqual(['adds-emoji']);
    const generation = await smmJson<Generation>(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'weekend', '-n', '1']);
    expect(generation.variants[0]!.editFit!.reasons.join('\n')).not.toContain('emoji');

    const unknown = await smm(home, ['voice', 'guidance', 'rm', 'acme', 'removes-hashtags']);
    expect(unknown.status).toBe(3);
    expect(unknown.stderr).toContain('lengthens');

    const restored = await smmJson<GuidanceView>(home, ['voice', 'guidance', 'restore', 'acme', 'adds-emoji']);
    expect(restored.guidance.map((item) => item.id)).toEqual(['adds-emoji', 'lengthens']);
    expect((await smm(home, ['voice', 'guidance', 'restore', 'acme', 'adds-emoji'])).status).toBe(3);
  });
});

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smm, smmJson, tempHome } from './helpers/run-smm.js';

interface ProfileJson {
  handle: string;
  displayName: string;
  platforms: string[];
  voice: { tone: string; bannedWords: string[]; emojiPolicy: string; do: string[] };
  archived: boolean;
}
interface PostJson {
  id: number;
  text: string;
  status: string;
  platform: string;
  tags: string[];
  engagement: { likes: number | null };
  scheduledAt: string | null;
}

describe('smm profile and post commands (in process, real SQLite file)', () => {
  let home: string;
  beforeAll(async () => {
    home = tempHome();
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('adds, lists, shows, edits and removes a profile', async () => {
    const created = await smmJson<ProfileJson>(home, [
      'profile', 'add', 'Acme', '--name', 'Acme Coffee', '--platforms', 'x,linkedin', '--tone', 'warm',
      '--do', 'give one tip', '--do', 'name the farm', '--banned', 'synergy, game-changer', '--emoji', 'none',
    ]);
    expect(created).toMatchObject({ handle: 'acme', displayName: 'Acme Coffee', platforms: ['x', 'linkedin'] });
    expect(created.voice).toMatchObject({ tone: 'warm', bannedWords: ['synergy', 'game-changer'], emojiPolicy: 'none', do: ['give one tip', 'name the farm'] });

    const list = await smmJson<ProfileJson[]>(home, ['profile', 'list']);
    expect(list.map((profile) => profile.handle)).toEqual(['acme']);

    const edited = await smmJson<ProfileJson>(home, ['profile', 'edit', 'acme', '--tone', 'calm', '--platforms', 'x,threads']);
    expect(edited.voice.tone).toBe('calm');
    expect(edited.voice.bannedWords).toEqual(['synergy', 'game-changer']);
    expect(edited.platforms).toEqual(['x', 'threads']);

    const human = await smm(home, ['profile', 'show', 'acme']);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('Acme Coffee (@acme)');

    const refused = await smm(home, ['profile', 'rm', 'acme']);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('--yes');
    expect((await smm(home, ['profile', 'rm', 'acme', '--yes'])).status).toBe(0);
    expect(await smmJson<ProfileJson[]>(home, ['profile', 'list'])).toEqual([]);
  });

  it('keeps handles unique per workspace but allows the same handle in another workspace', async () => {
    await smmJson(home, ['profile', 'add', 'dup', '--name', 'One']);
    const again = await smm(home, ['profile', 'add', 'dup', '--name', 'Two']);
    expect(again.status).toBe(4);
    expect(again.stderr).toMatch(/already exists/);
    const other = await smmJson<ProfileJson>(home, ['--workspace', 'client-b', 'profile', 'add', 'dup', '--name', 'Other']);
    expect(other.displayName).toBe('Other');
    expect((await smmJson<ProfileJson[]>(home, ['profile', 'list'])).map((profile) => profile.displayName)).toEqual(['One']);
  });

  it('rejects bad input with a clear message and a meaningful exit code', async () => {
    const badHandle = await smm(home, ['profile', 'add', 'Bad Handle!']);
    expect(badHandle.status).toBe(2);
    expect(badHandle.stderr).toMatch(/handle/i);
    const missing = await smm(home, ['profile', 'show', 'nobody']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/No profile "nobody"/);
    expect(missing.stderr).toMatch(/hint:/);
    const json = await smm(home, ['profile', 'show', 'nobody', '--json']);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('writes posts, enforces the status lifecycle, filters and paginates newest first', async () => {
    await smmJson(home, ['profile', 'add', 'poster', '--name', 'Poster']);
    const idea = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'poster', '--platform', 'x', '--text', 'An idea about cold brew', '--status', 'idea', '--tags', 'coffee, summer']);
    expect(idea).toMatchObject({ status: 'idea', platform: 'x', tags: ['coffee', 'summer'] });

    const jump = await smm(home, ['post', 'edit', String(idea.id), '--status', 'published']);
    expect(jump.status).toBe(4);
    expect(jump.stderr).toMatch(/cannot go from "idea" to "published"/);

    await smmJson(home, ['post', 'edit', String(idea.id), '--status', 'draft']);
    await smmJson(home, ['post', 'edit', String(idea.id), '--status', 'approved']);
    const scheduled = await smmJson<PostJson>(home, ['post', 'edit', String(idea.id), '--status', 'scheduled', '--scheduled-at', '2030-01-01T09:00:00+01:00']);
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduledAt: '2030-01-01T08:00:00.000Z' });

    for (let index = 0; index < 5; index += 1) {
      await smmJson(home, ['post', 'add', '--profile', 'poster', '--platform', 'linkedin', '--text', `Post number ${index} about espresso`, '--published-at', `2024-0${index + 1}-15T10:00:00Z`, '--status', 'published', '--likes', String(index * 10)]);
    }
    const page1 = await smmJson<{ posts: PostJson[]; nextCursor: string | null }>(home, ['post', 'list', '--profile', 'poster', '--platform', 'linkedin', '--limit', '2']);
    expect(page1.posts.map((post) => post.text)).toEqual(['Post number 4 about espresso', 'Post number 3 about espresso']);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await smmJson<{ posts: PostJson[] }>(home, ['post', 'list', '--profile', 'poster', '--platform', 'linkedin', '--limit', '2', '--cursor', page1.nextCursor!]);
    expect(page2.posts.map((post) => post.text)).toEqual(['Post number 2 about espresso', 'Post number 1 about espresso']);

    const ranged = await smmJson<{ posts: PostJson[] }>(home, ['post', 'list', '--profile', 'poster', '--from', '2024-02-01', '--to', '2024-03-31']);
    expect(ranged.posts.map((post) => post.text)).toEqual(['Post number 2 about espresso', 'Post number 1 about espresso']);

    const search = await smmJson<{ posts: PostJson[] }>(home, ['post', 'list', '--profile', 'poster', '--search', 'cold brew']);
    expect(search.posts.map((post) => post.id)).toEqual([idea.id]);

    const statuses = await smmJson<{ posts: PostJson[] }>(home, ['post', 'list', '--profile', 'poster', '--status', 'scheduled']);
    expect(statuses.posts).toHaveLength(1);

    expect((await smm(home, ['post', 'rm', String(idea.id)])).status).toBe(0);
    expect((await smm(home, ['post', 'show', String(idea.id)])).status).toBe(3);
  });

  it('round-trips difficult text exactly', async () => {
    await smmJson(home, ['profile', 'add', 'texts', '--name', 'Texts']);
    const samples = [
      'Family 👨‍👩‍👧‍👦 and skin tones 👋🏽👩🏿‍💻 — done ✅',
      '中文测试：今天的咖啡很好喝。日本語も。한국어도.',
      'עברית: שלום עולם! and العربية: مرحبا بالعالم',
      'Line one\nLine two\r\n\nLine four\ttabbed',
      `Quotes "double" and 'single' and \`back\``,
      "'; DROP TABLE posts; -- and Robert'); DELETE FROM profiles;--",
    ];
    for (const text of samples) {
      const post = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'texts', '--platform', 'bluesky', '--text', text]);
      const shown = await smmJson<PostJson>(home, ['post', 'show', String(post.id)]);
      expect(shown.text).toBe(text);
    }
    expect((await smmJson<ProfileJson[]>(home, ['profile', 'list'])).length).toBeGreaterThan(0);
  });
});

describe('smm post edit keeps what it was not told to change', () => {
  it('changing the status keeps tags, engagement and dates', async () => {
    const home = tempHome();
    try {
      await smmJson(home, ['profile', 'add', 'keep', '--name', 'Keep', '--tone', 'dry', '--banned', 'x1']);
      const post = await smmJson<PostJson>(home, ['post', 'add', '--profile', 'keep', '--platform', 'x', '--text', 'Keep me', '--tags', 'a,b', '--likes', '7', '--status', 'idea']);
      const edited = await smmJson<PostJson>(home, ['post', 'edit', String(post.id), '--status', 'draft']);
      expect(edited).toMatchObject({ status: 'draft', tags: ['a', 'b'], engagement: { likes: 7 } });
      const profile = await smmJson<ProfileJson>(home, ['profile', 'edit', 'keep', '--name', 'Kept']);
      expect(profile).toMatchObject({ displayName: 'Kept', voice: { tone: 'dry', bannedWords: ['x1'] } });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

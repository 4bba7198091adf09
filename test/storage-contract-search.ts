import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXTS, newPost, profileFields, useFreshStorage, type OpenStorage } from './storage-contract-fixtures.js';

export function searchContract(open: OpenStorage): void {
  const context = useFreshStorage(open);

  async function seed() {
    const acme = await context.storage.profiles.create('default', profileFields('acme'));
    const other = await context.storage.profiles.create('default', profileFields('other'));
    await context.storage.posts.insertMany(acme.id, [
      newPost({ text: 'Our new Coffee blend launches today' }),
      newPost({ text: 'coffee and code: a love story' }),
      newPost({ text: 'Tea time. No coffee here, launches tomorrow' }),
      newPost({ text: 'We are hiring engineers' }),
      newPost({ text: '我们的新咖啡今天上市' }),
      newPost({ text: 'השקה חדשה של קפה היום' }),
      newPost({ text: 'late night 👩🏽‍💻 shipping' }),
      ...HOSTILE_TEXTS.map((text) => newPost({ text })),
    ]);
    await context.storage.posts.insert(other.id, newPost({ text: 'coffee from another profile' }));
    return { acme, other };
  }

  const search = async (text: string, profileId?: number) =>
    (await context.storage.posts.list({ workspace: 'default', profileId, search: text, limit: 100 })).posts.map((post) => post.text).sort();

  describe('full-text search', () => {
    it('matches words case-insensitively, within a profile or the whole workspace', async () => {
      const { acme } = await seed();
      expect(await search('COFFEE', acme.id)).toEqual(['Our new Coffee blend launches today', 'Tea time. No coffee here, launches tomorrow', 'coffee and code: a love story']);
      expect(await search('coffee')).toHaveLength(4);
      expect(await search('coffee launches', acme.id)).toEqual(['Our new Coffee blend launches today', 'Tea time. No coffee here, launches tomorrow']);
      expect(await search('nothingmatches', acme.id)).toEqual([]);
    });

    it('supports "quoted phrases", -exclusions and OR', async () => {
      const { acme } = await seed();
      expect(await search('"coffee blend"', acme.id)).toEqual(['Our new Coffee blend launches today']);
      expect(await search('"blend coffee"', acme.id)).toEqual([]);
      expect(await search('coffee -tea', acme.id)).toEqual(['Our new Coffee blend launches today', 'coffee and code: a love story']);
      expect(await search('coffee -"no coffee" -code', acme.id)).toEqual(['Our new Coffee blend launches today']);
      expect(await search('hiring OR love', acme.id)).toEqual(['We are hiring engineers', 'coffee and code: a love story']);
      expect(await search('-coffee -tea -hiring', acme.id)).not.toContain('coffee and code: a love story');
    });

    it('finds Chinese, Hebrew and Arabic words, and emoji as substrings', async () => {
      const { acme } = await seed();
      expect(await search('咖啡', acme.id)).toEqual(['我们的新咖啡今天上市']);
      expect(await search('今天', acme.id)).toEqual(['我们的新咖啡今天上市']);
      expect(await search('中文', acme.id)).toEqual(['中文社交媒体经理']);
      expect(await search('קפה', acme.id)).toEqual(['השקה חדשה של קפה היום']);
      expect(await search('بالعالم', acme.id)).toEqual(['مرحبا بالعالم']);
      expect(await search('👩🏽‍💻', acme.id)).toEqual(['coding 👩🏽‍💻 all night 🏳️‍🌈', 'late night 👩🏽‍💻 shipping']);
      expect(await search('👩🏽‍💻 shipping', acme.id)).toEqual(['late night 👩🏽‍💻 shipping']);
    });

    it('never returns posts without words (a bare link, a mention and emoji, a separator), also after an edit', async () => {
      const acme = await context.storage.profiles.create('default', profileFields('acme'));
      await context.storage.posts.insertMany(acme.id, [
        newPost({ text: 'https://example.com/coffee-photo', mediaCount: 1 }),
        newPost({ text: '📸 @coffee', mediaCount: 2 }),
        newPost({ text: 'coffee ———— 📸' }),
      ]);
      const { dedupeKey: _key, ...fields } = newPost({ text: 'coffee beans' });
      const edited = await context.storage.posts.insert(acme.id, { ...fields, dedupeKey: 'edited' });
      expect(await search('coffee', acme.id)).toEqual(['coffee beans', 'coffee ———— 📸']);
      expect(await search('📸', acme.id)).toEqual(['coffee ———— 📸']);
      expect(await search('-tea', acme.id)).toEqual(['coffee beans', 'coffee ———— 📸']);
      expect(await search('————', acme.id)).toEqual(['coffee ———— 📸']);
      await context.storage.posts.update(edited.id, { ...fields, text: 'https://example.com/coffee' });
      expect(await search('coffee', acme.id)).toEqual(['coffee ———— 📸']);
      expect(await search('-tea')).toEqual(['coffee ———— 📸']);
    });

    it('treats SQL and FTS syntax typed by a user as plain words', async () => {
      const { acme } = await seed();
      expect(await search(`'; DROP TABLE posts; --`, acme.id)).toEqual([`'; DROP TABLE posts; --`]);
      expect(await search(`Robert'); DROP`, acme.id)).toEqual([`Robert'); DROP TABLE students; --`]);
      expect(await search('"quotes"', acme.id)).toEqual([`text with "quotes" and 'single' ones`]);
      expect(await search('NEAR(a b) AND OR NOT', acme.id)).toEqual([`NEAR(a b) AND OR NOT * ^ : { } ( ) % _ \\ backslash`]);
      for (const hostile of ['"unbalanced', 'a:b', '* ^ { }', '(((', 'OR', '-', '"" ""', 'scope:p1', '%', '_', '\\', 'AND NOT']) {
        await expect(search(hostile, acme.id), hostile).resolves.toBeInstanceOf(Array);
      }
      expect(await search('%', acme.id)).toEqual([`NEAR(a b) AND OR NOT * ^ : { } ( ) % _ \\ backslash`]);
      expect(await context.storage.posts.countByProfile(acme.id)).toBe(7 + HOSTILE_TEXTS.length);
    });

    it('accepts any typed text as a search (property)', async () => {
      const { acme } = await seed();
      const piece = fc.constantFrom('"', '-', '*', '(', ')', ':', '^', '{', '}', 'OR', 'AND', 'NOT', 'NEAR', ' ', 'coffee', '咖啡', '👩🏽‍💻', "'", ';', '%', '_', '\\', 'scope', 'p1', '+', '\n');
      const typed = fc.oneof(fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join('')), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
      await fc.assert(
        fc.asyncProperty(typed, fc.boolean(), async (text, scoped) => {
          const page = await context.storage.posts.list({ workspace: 'default', profileId: scoped ? acme.id : undefined, search: text, limit: 5 });
          expect(page.posts.length).toBeLessThanOrEqual(5);
        }),
        { numRuns: 150 },
      );
    });

    it('finds any word it stored (property)', async () => {
      const { acme } = await seed();
      const word = fc.stringMatching(/^[a-zäöüßéèñçøåæœαβγδжзклмнשלוםمرحب0-9]{2,12}$/);
      await fc.assert(
        fc.asyncProperty(word, async (text) => {
          const post = await context.storage.posts.insert(acme.id, newPost({ text: `before ${text} after` }));
          const found = await context.storage.posts.list({ workspace: 'default', profileId: acme.id, search: text, limit: 1000 });
          expect(found.posts.map((item) => item.id)).toContain(post.id);
        }),
        { numRuns: 40 },
      );
    });

    it('follows updates and deletes', async () => {
      const { acme } = await seed();
      const [post] = (await context.storage.posts.list({ workspace: 'default', profileId: acme.id, search: 'hiring', limit: 1 })).posts;
      const { id, profileId: _p, dedupeKey: _k, createdAt: _c, updatedAt: _u, ...fields } = post!;
      await context.storage.posts.update(id, { ...fields, text: 'We are recruiting designers' });
      expect(await search('hiring', acme.id)).toEqual([]);
      expect(await search('recruiting', acme.id)).toEqual(['We are recruiting designers']);
      await context.storage.posts.delete(id);
      expect(await search('recruiting', acme.id)).toEqual([]);
    });
  });
}

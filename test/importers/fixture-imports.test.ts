import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openExportSource } from '../../src/adapters/files/open-export-source.js';
import { InvalidInputError } from '../../src/core/errors.js';
import type { ImportFormat } from '../../src/core/importers/import-item.js';
import { ImportService, type ImportSummary } from '../../src/core/importers/import-service.js';
import type { ProgressEvent } from '../../src/core/ports.js';
import type { Post } from '../../src/core/posts/post-schema.js';
import { ProfileInputSchema } from '../../src/core/profiles/profile-schema.js';
import { MemoryStorage } from '../fakes/memory-storage.js';
import { rejectionOf } from '../fakes/memory-export-source.js';
import { writeZip } from './zip-writer.js';
import { needSharedFixtures, sharedFixture } from '../helpers/optional-needs.js';

/** The shared real exports, used in place (see their README for what each holds). */
const fixture = (name: string) => sharedFixture('exports', name);
const skipReason = needSharedFixtures('Imports of real exports', 'exports/x/tweets.js', 'exports/mastodon/outbox.json', 'exports/linkedin-2018/Shares.csv', 'exports/instagram/posts_1.json');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const clock = { now: () => new Date('2026-02-01T00:00:00Z') };

async function importFile(
  target: string,
  format: ImportFormat | 'auto' = 'auto',
  events?: ProgressEvent[],
): Promise<{ summary: ImportSummary; posts: Post[]; storage: MemoryStorage; again: () => Promise<ImportSummary> }> {
  const storage = new MemoryStorage();
  await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'voice', displayName: 'Voice' }));
  const service = new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText: sha256 });
  const run = async () =>
    service.run({ scope: { workspace: 'default' }, handle: 'voice', source: await openExportSource(target), format, onProgress: events ? (event) => events.push(event) : undefined });
  const summary = await run();
  return { summary, posts: [...storage.postRows.values()], storage, again: run };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smm-fixture-imports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason)('real exports', () => {
  test('X archive: 1,627 records → 673 retweets skipped, 954 imported, 668 replies', async () => {
    const events: ProgressEvent[] = [];
    const { summary, posts, again } = await importFile(fixture('x/tweets.js'), 'auto', events);
    expect(summary).toMatchObject({ format: 'x', imported: 954, duplicates: 0, skipped: { retweet: 673 }, errors: [], errorCount: 0 });
    expect(posts.filter((post) => post.isReply)).toHaveLength(668);
    expect(posts.every((post) => !post.isReply || /^\d+$/.test(post.replyToExternalId ?? ''))).toBe(true);
    expect(posts.filter((post) => post.mediaCount > 0)).toHaveLength(143);
    // 225 originals carry t.co links; the only t.co left are the 13 whose expanded_url is itself a t.co address.
    expect(posts.filter((post) => post.text.includes('https://t.co/'))).toHaveLength(13);
    const dates = posts.map((post) => post.publishedAt!).sort();
    expect([dates[0]?.slice(0, 10), dates.at(-1)?.slice(0, 10)]).toEqual(['2018-09-08', '2025-01-21']);
    expect(posts.reduce((sum, post) => sum + (post.engagement.likes ?? 0), 0)).toBe(7580);
    expect(posts.every((post) => post.platform === 'x' && post.status === 'published' && post.source === 'imported')).toBe(true);
    expect(posts.every((post) => post.dedupeKey === `id:${post.externalId}` && post.url === `https://x.com/i/web/status/${post.externalId}`)).toBe(true);
    expect(posts.find((post) => post.externalId === '1881497401032388897')).toMatchObject({
      text: "Love to all the people i've met on here, and have supported these projects for years.\n\nAll of these accounts, my personal and these two projects, can be found on BlueSky.\n\nSee you there!",
      publishedAt: '2025-01-21T00:21:51.000Z',
      replyToExternalId: '1881497149755781405',
      engagement: { likes: 1, reposts: 0, replies: null, impressions: null },
      lang: 'en',
    });
    const size = (await stat(fixture('x/tweets.js'))).size;
    expect(events.at(-1)).toMatchObject({ phase: 'import', done: size, total: size, unit: 'bytes' });
    // A second import adds nothing.
    expect(await again()).toMatchObject({ imported: 0, duplicates: 954, skipped: { retweet: 673 } });
  });

  test('Mastodon outbox: 51 boosts and 9 direct messages skipped, 1,416 imported', async () => {
    const { summary, posts } = await importFile(fixture('mastodon/outbox.json'));
    expect(summary).toMatchObject({ format: 'mastodon', imported: 1416, skipped: { boost: 51, 'direct-message': 9 }, errorCount: 0 });
    expect(posts.filter((post) => post.isReply)).toHaveLength(160);
    expect(posts.filter((post) => post.contentWarning !== null)).toHaveLength(69);
    expect(posts.filter((post) => post.mediaCount > 0)).toHaveLength(112);
    expect(posts.filter((post) => post.lang === 'zh')).toHaveLength(1347);
    expect(posts.every((post) => !/<[a-z/][^>]*>/i.test(post.text) && !/&(amp|lt|gt|quot|#39);/.test(post.text))).toBe(true);
    expect(posts.find((post) => post.text.startsWith('挺有意思的'))?.text).toBe('挺有意思的\nhttps://bbs.pku.edu.cn/v2/post-read.php?bid=251&threadid=17933561');
    expect(posts.find((post) => post.url === 'https://o3o.ca/@purplerain/106373686647972920')?.text).toBe('土狗和松鼠谁当1\n\n- 土狗当1\n- 松鼠当1');
  });

  test('LinkedIn 2018 Shares.csv (UTF-16LE, tab-separated): 3 with commentary, 2 empty', async () => {
    const { summary, posts } = await importFile(fixture('linkedin-2018/Shares.csv'));
    expect(summary).toMatchObject({ format: 'linkedin', imported: 3, skipped: { empty: 2 }, errorCount: 0 });
    expect(posts.map((post) => [post.text, post.publishedAt, post.externalId])).toEqual([
      ['Iif', '2016-08-25T17:41:57.000Z', 'urn:li:activity:6174631705446576128'],
      ['content', '2016-08-20T12:16:21.000Z', 'urn:li:activity:6172737823603560448'],
      ['hjyftf', '2016-08-14T15:58:41.000Z', 'urn:li:activity:6170619448018464768'],
    ]);
  });

  test('LinkedIn 2025 Shares.csv (each line quoted inside the field): 135 posts exactly as written, 54 empty', async () => {
    const { summary, posts } = await importFile(fixture('linkedin-2025/Shares.csv'));
    expect(summary).toMatchObject({ format: 'linkedin', imported: 135, duplicates: 0, skipped: { empty: 54 }, errorCount: 0 });
    const text = (share: string) => posts.find((post) => post.externalId === `urn:li:share:${share}`)?.text;
    // Whole texts of chosen multi-line posts: typed quotes at a line's start, inside, closing a line, before a line's end.
    expect(text('6560944390100123648')).toBe('#Nvidia\nEugenio Paluello\nFabio Fede');
    expect(text('6733027756017258496')).toBe('"Tocket cos\'è?" Cit.\n\nNicola ce lo racconta a Corptape in modo super-easy!\n\n#tocket #blockchain #ticketing\n\nNon vi spoilero altro.');
    expect(text('6768443654383144960')).toBe(
      '- Write a trivial #QuantumComputer simulator from scratch ✅\n\n - Test it with 2 qubits ✅\n\n - Test it with 10 qubits ✅\n\n - Test it with 50 qubits ❌\n\n "Where are my 16 PiB of RAM?" #QuantumComputing',
    );
    expect(text('6659539272242208768')).toBe('"Neovim: The Dark Lord"\'s trilogy last story!\n#neovim #vim #plugins #programming #medium');
    expect(text('6550061514576007168')).toBe('E come dicono gli Americani: "Eddaje"!\n Eugenio Paluello');
    // No post keeps the export's line wrapping.
    expect(posts.filter((post) => post.text.includes('"\n"'))).toEqual([]);
    expect(posts.filter((post) => post.text.includes('\n'))).toHaveLength(126);
    expect(posts.filter((post) => post.mediaCount > 0)).toHaveLength(4);
    // The shared page is kept on the post, not added to its text.
    expect(posts.filter((post) => post.sharedUrl !== null)).toHaveLength(5);
    expect(posts.find((post) => post.externalId === 'urn:li:share:6659539272242208768')?.sharedUrl).toBe('https://link.medium.com/aH46g40bX5');
  });

  test("Instagram posts_1.json: 4 captioned posts, Meta's mis-encoded emoji repaired", async () => {
    const { summary, posts } = await importFile(fixture('instagram/posts_1.json'));
    expect(summary).toMatchObject({ format: 'instagram', imported: 4, skipped: {}, errorCount: 0 });
    expect(posts.map((post) => [post.text, post.mediaCount])).toEqual([
      ['Great sem', 1],
      ['Un Taxi 🇨🇴', 6],
      ['Happy llama, sad llama, totally rad llama 🇵🇪', 7],
      ['Great friends, a bit o booze, and some damn good cheese.', 6],
    ]);
    expect(posts.every((post) => post.dedupeKey.startsWith('sha256:') && post.externalId === null)).toBe(true);
  });

  test('a wrong --format names what the file is', async () => {
    const error = await rejectionOf<InvalidInputError>(importFile(fixture('x/tweets.js'), 'mastodon'));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('File tweets.js does not look like a Mastodon outbox.json: it looks like an X archive; try --format x or --format auto.');
  });

  test('the same X archive as a zip, a folder and a single file imports the same posts', async () => {
    const tweets = await readFile(fixture('x/tweets.js'));
    const zip = path.join(dir, 'twitter-2025-01-21.zip');
    await writeZip(zip, [
      { name: 'Your archive.html', data: '<html></html>' },
      { name: 'data/' },
      { name: 'data/tweets.js', data: tweets },
      { name: 'data/like.js', data: 'window.YTD.like.part0 = []' },
      { name: 'data/tweets_media/1-a.jpg', data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), store: true },
    ]);
    const folder = path.join(dir, 'archive');
    await mkdir(path.join(folder, 'data'), { recursive: true });
    // A copy in the temporary folder: a link out of the imported folder is never followed.
    await writeFile(path.join(folder, 'data', 'tweets.js'), tweets);
    await symlink(fixture('x/tweets.js'), path.join(folder, 'data', 'tweets-elsewhere.js'));
    const identity = (posts: Post[]) => posts.map(({ id: _id, createdAt: _created, updatedAt: _updated, ...rest }) => rest);
    const single = await importFile(fixture('x/tweets.js'));
    const fromZip = await importFile(zip);
    const fromFolder = await importFile(folder, 'x');
    expect(fromZip.summary).toMatchObject({ imported: 954, files: ['data/tweets.js'] });
    expect(identity(fromZip.posts)).toEqual(identity(single.posts));
    expect(identity(fromFolder.posts)).toEqual(identity(single.posts));
    expect(fromFolder.summary.notRead).toEqual([{ path: 'data/tweets-elsewhere.js', reason: 'a link out of the folder' }]);
  });
});

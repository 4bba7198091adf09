import { beforeEach, describe, expect, test } from 'vitest';
import { memorySource, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { CancelledError, ImportFailedError, InvalidInputError, ProfileNotFoundError } from '../errors.js';
import type { NewPost, PostRepository, ProgressEvent } from '../ports.js';
import { ProfileInputSchema } from '../profiles/profile-schema.js';
import type { ImportBatch, ImportReadJob, OffThreadReader } from './import-batches.js';
import { ImportService, type ImportRequest, type ImportSummary } from './import-service.js';

const clock = { now: () => new Date('2026-02-01T00:00:00Z') };
const hashText = (text: string) => `h:${text}`;

function csv(rows: number, extra = ''): string {
  const lines = ['platform,text,published_at,external_id'];
  for (let i = 1; i <= rows; i++) lines.push(`x,"post ${i}",2024-01-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z,${i}`);
  return `${lines.join('\n')}\n${extra}`;
}

/** Records every insertMany batch; can be told to fail on the n-th call (a crash mid-import). */
function recordingPosts(inner: PostRepository, failOnCall?: number): PostRepository & { batches: NewPost[][] } {
  const batches: NewPost[][] = [];
  return {
    ...inner,
    batches,
    insertMany: async (profileId, posts) => {
      if (batches.length + 1 === failOnCall) throw new Error('disk full');
      batches.push(posts);
      return inner.insertMany(profileId, posts);
    },
  };
}

let storage: MemoryStorage;
beforeEach(async () => {
  storage = new MemoryStorage();
  await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }));
});

function service(posts: PostRepository = storage.posts): ImportService {
  return new ImportService({ posts, profiles: storage.profiles, clock, hashText });
}

function request(content: string, fields: Partial<ImportRequest> = {}): ImportRequest {
  return { scope: { workspace: 'default' }, handle: 'acme', source: memorySource({ 'posts.csv': content }, { chunkSize: 50 }), format: 'auto', ...fields };
}

function storedTexts(): string[] {
  return [...storage.postRows.values()].map((post) => post.text).sort();
}

describe('ImportService', () => {
  test('an unknown profile fails before anything is read', async () => {
    const source = memorySource({ 'posts.csv': csv(2) });
    const error = await rejectionOf<ProfileNotFoundError>(service().run({ ...request(''), handle: 'nobody', source }));
    expect(error).toBeInstanceOf(ProfileNotFoundError);
    expect((error as ProfileNotFoundError).hint).toMatch(/Known profiles in workspace "default": acme/);
    expect(source.opened.size).toBe(0);
  });

  test('resolves the profile as every service does: any case, and only what the scope can see', async () => {
    const summary = await service().run(request(csv(2), { handle: ' ACME ' }));
    expect(summary).toMatchObject({ imported: 2, profile: 'acme' });
    await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'private', displayName: 'Private' }), 'ann');
    const ann = await service().run(request(csv(1), { scope: { workspace: 'default', owner: 'ann' }, handle: 'Private' }));
    expect(ann.imported).toBe(1);
    const bob = await rejectionOf<ProfileNotFoundError>(service().run(request(csv(1), { scope: { workspace: 'default', owner: 'bob' }, handle: 'private' })));
    expect(bob).toBeInstanceOf(ProfileNotFoundError);
    expect(await rejectionOf(service().run(request(csv(1), { scope: { workspace: 'elsewhere' } })))).toBeInstanceOf(ProfileNotFoundError);
  });

  test('stores in batches of batchSize, one insertMany each, and summarises', async () => {
    const posts = recordingPosts(storage.posts);
    const summary = await service(posts).run(request(csv(5, 'x,,2024-01-01,\n'), { batchSize: 2 }));
    expect(posts.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(summary).toMatchObject({ imported: 5, duplicates: 0, skipped: { empty: 1 }, errors: [], errorCount: 0, profile: 'acme', format: 'csv', files: ['posts.csv'] });
    expect(posts.batches[0]?.[0]).toMatchObject({ dedupeKey: 'id:1', status: 'published', source: 'imported', generationId: null });
  });

  test('posts without a platform id are identified by their text and date', async () => {
    const content = 'platform,text,date\nx,same words,2024-01-01\nx,same  words ,2024-01-01T00:00:00Z\nx,same words,2024-01-02\n';
    const summary = await service().run(request(content));
    expect(summary).toMatchObject({ imported: 2, duplicates: 1 });
  });

  test('an import killed halfway and run again ends as one clean import', async () => {
    const content = csv(7);
    await expect(service(recordingPosts(storage.posts, 3)).run(request(content, { batchSize: 2 }))).rejects.toThrow('disk full');
    expect(storage.postRows.size).toBe(4);
    const again = await service().run(request(content, { batchSize: 2 }));
    expect(again).toMatchObject({ imported: 3, duplicates: 4 });
    expect(storedTexts()).toEqual(Array.from({ length: 7 }, (_, index) => `post ${index + 1}`).sort());
  });

  test('a post over 1,000,000 characters is an error for that record; the rest goes on', async () => {
    const huge = 'y'.repeat(1_000_001);
    const summary = await service().run(request(`${csv(2)}x,${huge},2024-02-01,big\nx,after,2024-02-02,after\n`));
    expect(summary.imported).toBe(3);
    expect(summary.errors).toEqual([{ record: 'posts.csv:4 #3', message: 'the text is 1,000,001 characters, over the 1,000,000 a post may have; shorten or split it' }]);
  });

  test('a single tweet of over 1 MB in an X archive is an error for that record only', async () => {
    const tweet = (id: string, text: string) => ({ tweet: { id_str: id, full_text: text, created_at: 'Tue Jan 21 00:21:51 +0000 2025' } });
    const archive = `window.YTD.tweets.part0 = ${JSON.stringify([tweet('1', 'before'), tweet('2', '😀'.repeat(600_000)), tweet('3', 'after')], null, 2)}`;
    const summary = await service().run({ ...request(''), source: memorySource({ 'data/tweets.js': archive }, { chunkSize: 65_536 }) });
    expect(summary).toMatchObject({ imported: 2, errorCount: 1 });
    expect(summary.errors[0]?.record).toMatch(/^data\/tweets\.js:\d+ #2 id=2$/);
    expect(summary.errors[0]?.message).toMatch(/^the text is 1,200,000 characters, over the 1,000,000/);
  });

  test('a record the post schema refuses is an error with the schema\'s reason; its neighbours are stored', async () => {
    const header = 'platform,text,published_at,external_id,lang,tags,thread_parts';
    const rows = [
      'x,fine,2024-01-01T00:00:00Z,1,en,,',
      `x,long language tag,2024-01-02T00:00:00Z,2,${'l'.repeat(36)},,`,
      `x,one-part thread,2024-01-03T00:00:00Z,3,en,,"[""only""]"`,
      `x,a tag too long,2024-01-04T00:00:00Z,4,en,${'t'.repeat(101)},`,
      'mastodon,後で,2024-01-05T09:00:00+09:00,5,ja,"launch, q3",',
    ];
    const summary = await service().run(request(`${header}\n${rows.join('\n')}\n`));
    expect(summary.imported).toBe(2);
    expect(summary.errorCount).toBe(3);
    expect(summary.errors.map((error) => error.record)).toEqual(['posts.csv:3 #2', 'posts.csv:4 #3', 'posts.csv:5 #4']);
    expect(summary.errors[0]?.message).toMatch(/^lang: .*35/);
    expect(summary.errors[1]?.message).toMatch(/^threadParts: A thread has at least 2 parts/);
    expect(summary.errors[2]?.message).toMatch(/^tags\.0: .*100/);
    const stored = [...storage.postRows.values()].sort((a, b) => a.text.localeCompare(b.text));
    // The schema's work is kept on both paths: the +09:00 date normalised to UTC, the tags as a list.
    expect(stored.map((post) => [post.text, post.publishedAt, post.tags])).toEqual([
      ['fine', '2024-01-01T00:00:00.000Z', []],
      ['後で', '2024-01-05T00:00:00.000Z', ['launch', 'q3']],
    ]);
  });

  test('bad records are listed (at most 100) and counted; good ones are stored', async () => {
    const bad = Array.from({ length: 120 }, (_, index) => `x,bad ${index},not a date,b${index}`).join('\n');
    const summary = await service().run(request(`${csv(3)}${bad}\n`));
    expect(summary.imported).toBe(3);
    expect(summary.errorCount).toBe(120);
    expect(summary.errors).toHaveLength(100);
    expect(summary.errors[0]).toEqual({ record: 'posts.csv:5 #4', message: 'published_at is not a date: "not a date" (use ISO-8601, e.g. 2026-01-31T09:00:00Z)' });
  });

  test('a fault mid-file stores the records before it, then throws naming the file and line', async () => {
    const json = `[${Array.from({ length: 5 }, (_, index) => JSON.stringify({ platform: 'x', text: `t${index}`, id: `${index}` })).join(',\n')},\n{"platform": "x", "text": "cut`;
    const error = await rejectionOf<InvalidInputError>(service().run({ ...request(''), source: memorySource({ 'posts.json': json }, { chunkSize: 16 }) }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('posts.json: the file ends inside a record: it is truncated, at record #6 (starting at line 6).');
    expect(error.hint).toMatch(/^5 new posts read before the fault were stored/);
    expect(error.details['summary']).toMatchObject({ imported: 5 });
    expect(storage.postRows.size).toBe(5);
  });

  test('a CSV with a wrong header is refused with nothing stored', async () => {
    const error = await rejectionOf<InvalidInputError>(service().run(request('name,email\nann,a@b.c\n', { format: 'csv' })));
    expect(error.message).toBe('posts.csv line 1: the header has no text column (expected one of text, content, body, post, full_text; found: name, email).');
    expect(error.hint).toMatch(/^Nothing was stored\./);
  });

  test('reports progress in bytes up to the total', async () => {
    const content = csv(9);
    const events: ProgressEvent[] = [];
    await service().run(request(content, { batchSize: 4, onProgress: (event) => events.push(event) }));
    const total = new TextEncoder().encode(content).length;
    expect(events.every((event) => event.unit === 'bytes' && event.total === total && event.phase === 'import')).toBe(true);
    const done = events.map((event) => event.done ?? 0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
    expect(events.map((event) => event.message)).toContain('8 imported');
  });

  test('cancelling stops at the next record; what was stored stays', async () => {
    const controller = new AbortController();
    const run = service().run(
      request(csv(10), {
        batchSize: 3,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.message === '3 imported') controller.abort();
        },
      }),
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(run).rejects.toThrow('Import cancelled after 3 posts were stored; run it again to finish (nothing is added twice).');
    expect(storage.postRows.size).toBe(3);
  });

  test('--platform fills rows without one and must agree with a platform export', async () => {
    const summary = await service().run(request('text\nhello\n', { platform: 'threads' }));
    expect(summary.imported).toBe(1);
    expect([...storage.postRows.values()][0]?.platform).toBe('threads');
    const tweets = 'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "hi"}}]';
    await expect(service().run({ ...request(''), source: memorySource({ 'tweets.js': tweets }), platform: 'linkedin' })).rejects.toThrow(
      'an X archive holds x posts, not linkedin posts.',
    );
  });

  test('a row without any platform is an error naming the fix', async () => {
    const error = await rejectionOf<ImportFailedError>(service().run(request('text\nhello\n')));
    expect((error.details['summary'] as ImportSummary).errors).toEqual([{ record: 'posts.csv:2 #1', message: 'no platform: add a platform column or pass --platform' }]);
  });
});

describe('nothing found is never done', () => {
  const outbox = (items: string) =>
    `{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox", "type": "OrderedCollection", "totalItems": 1557, "orderedItems": [], "orderedItems": ${items}}`;
  const note = (id: number) =>
    JSON.stringify({ type: 'Create', object: { id: `https://social.example/statuses/${id}`, type: 'Note', content: `<p>post ${id}</p>`, published: '2024-01-01T00:00:00Z', to: ['https://www.w3.org/ns/activitystreams#Public'] } });

  test('a Mastodon outbox with "orderedItems" twice imports the posts of the last', async () => {
    const summary = await service().run({ ...request(''), source: memorySource({ 'outbox.json': outbox(`[${note(1)}, ${note(2)}]`) }, { chunkSize: 9 }) });
    expect(summary).toMatchObject({ format: 'mastodon', imported: 2, errorCount: 0 });
    expect(storedTexts()).toEqual(['post 1', 'post 2']);
  });

  test('a file that yields no record fails, saying what it held', async () => {
    const error = await rejectionOf<ImportFailedError>(service().run({ ...request(''), source: memorySource({ 'outbox.json': outbox('[]') }) }));
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error.code).toBe('import_failed');
    expect(error.message).toBe(
      'No post found to import from outbox.json (a Mastodon outbox.json): no record was read; outbox.json: 2 arrays "orderedItems" with 0 and 0 records; "type": "OrderedCollection"; "totalItems": 1,557.',
    );
    expect(error.details).toMatchObject({ reason: 'no_posts', summary: { imported: 0, duplicates: 0 } });
  });

  test('records all skipped or in error: the reasons are in the message', async () => {
    const tweets = 'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "RT @a: theirs"}}, {"tweet": {"id_str": "2"}}]';
    const error = await rejectionOf<ImportFailedError>(service().run({ ...request(''), source: memorySource({ 'tweets.js': tweets }) }));
    expect(error.message).toMatch(/^No post found to import from tweets\.js \(an X archive\): 2 records were read; skipped: 1 retweet; 1 could not be read \(first: tweets\.js:1 #2 id=2: .+\); tweets\.js: 1 array with 2 records\.$/);
    expect(storage.postRows.size).toBe(0);
  });

  test('posts already there are found posts: a re-import succeeds', async () => {
    await service().run(request(csv(2)));
    expect(await service().run(request(csv(2)))).toMatchObject({ imported: 0, duplicates: 2 });
  });

  test('posts without words are kept and counted as withoutText', async () => {
    const rows = 'platform,text,media_count\nx,📸,1\nx,————,0\nx,real words,0\nx,,2\nx,,0\n';
    const summary = await service().run(request(rows));
    expect(summary).toMatchObject({ imported: 4, withoutText: 3, skipped: { empty: 1 } });
  });
});

describe('the summary, batch by batch (batches handed in by an off-thread reader)', () => {
  const newPost = (text: string): NewPost => ({
    platform: 'x',
    text,
    status: 'published',
    scheduledAt: null,
    publishedAt: null,
    engagement: { likes: null, reposts: null, replies: null, impressions: null },
    tags: [],
    source: 'imported',
    externalId: null,
    url: null,
    isReply: false,
    replyToExternalId: null,
    lang: null,
    mediaCount: 0,
    contentWarning: null,
    sharedUrl: null,
    generationId: null,
    threadParts: null,
    dedupeKey: `k:${text}`,
  });
  const batch = (fields: Partial<ImportBatch>): ImportBatch => ({ posts: [], skipped: {}, errors: [], errorCount: 0, withoutText: 0, bytesRead: 0, described: [], ...fields });
  const errors = (count: number, from = 0) => Array.from({ length: count }, (_, index) => ({ record: `posts.csv:${from + index + 2}`, message: 'bad' }));

  /** An off-thread reader that hands in `steps` (a batch, or a fault to throw) and records the job it got. */
  function scripted(steps: (ImportBatch | Error)[], jobs: ImportReadJob[] = []): OffThreadReader {
    return (job) => {
      jobs.push(job);
      return (async function* () {
        for (const step of steps) {
          if (step instanceof Error) throw step;
          yield step;
        }
      })();
    };
  }

  /** Posts whose insertMany reports `inserted` new posts per call, recording each call. */
  function countingPosts(inserted: number, calls: NewPost[][] = []): PostRepository {
    return { ...storage.posts, insertMany: async (_profileId, posts) => (calls.push(posts), { inserted, duplicates: 0 }) };
  }

  function run(offThread: OffThreadReader, fields: Partial<ImportRequest> = {}, posts: PostRepository = storage.posts, tick = false): Promise<ImportSummary> {
    let minute = 0;
    const ticking = { now: () => new Date(Date.UTC(2026, 1, 1, 0, tick ? minute++ : 0)) };
    return new ImportService({ posts, profiles: storage.profiles, clock: ticking, hashText, offThread }).run(request(csv(1), fields));
  }

  test('skips, errors, posts without words and bytes add up over the batches; at most 100 errors are listed', async () => {
    const steps = [
      batch({ posts: [newPost('a'), newPost('📸')], skipped: { retweet: 2, empty: 1 }, errors: errors(60), errorCount: 60, withoutText: 1, bytesRead: 10 }),
      batch({ posts: [newPost('b')], skipped: { retweet: 3 }, errors: errors(60, 60), errorCount: 75, withoutText: 2, bytesRead: 20 }),
    ];
    const summary = await run(scripted(steps), {}, storage.posts, true);
    expect(summary).toMatchObject({ imported: 3, skipped: { retweet: 5, empty: 1 }, errorCount: 135, withoutText: 3 });
    expect(summary.errors).toHaveLength(100);
    expect(summary.errors.at(-1)?.record).toBe('posts.csv:101');
    expect(summary.startedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(summary.finishedAt).not.toBe(summary.startedAt);
  });

  test('the job says what to read: the default batch size is 1,000, and never below 1', async () => {
    const jobs: ImportReadJob[] = [];
    const reader = scripted([batch({ posts: [newPost('a')] })], jobs);
    await run(reader);
    await run(reader, { batchSize: 0 });
    await run(reader, { batchSize: 7, platform: 'x' });
    expect(jobs.map((job) => job.batchSize)).toEqual([1000, 1, 7]);
    expect(jobs[2]).toMatchObject({ format: 'csv', platform: 'x', files: [expect.objectContaining({ name: 'posts.csv' })] });
  });

  test('an off-thread reader that declines the job leaves it to this thread', async () => {
    const summary = await run(() => undefined);
    expect(summary).toMatchObject({ imported: 1, files: ['posts.csv'] });
  });

  test('batches without posts are not stored; progress counts use thousands separators and end with done', async () => {
    const calls: NewPost[][] = [];
    const events: ProgressEvent[] = [];
    const steps = [batch({ skipped: { empty: 1 }, bytesRead: 5 }), batch({ posts: [newPost('a')], bytesRead: 9 }), batch({ bytesRead: 12 })];
    const summary = await run(scripted(steps), { onProgress: (event) => events.push(event) }, countingPosts(1234, calls));
    expect(calls.map((posts) => posts.length)).toEqual([1]);
    expect(summary.imported).toBe(1234);
    expect(events.map((event) => [event.message, event.done])).toEqual([
      ['Reading a CSV file of posts', 0],
      ['1,234 imported', 9],
      ['done', 12],
    ]);
  });

  test('the total is unknown when a file’s size is', async () => {
    const events: ProgressEvent[] = [];
    await service().run({ ...request(''), source: memorySource({ 'posts.csv': csv(2) }, { unknownSizes: true }), onProgress: (event) => events.push(event) });
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((event) => event.total === undefined)).toBe(true);
  });

  test('cancelled before the start: nothing is opened; cancelled between batches: the next batch is not stored', async () => {
    const controller = new AbortController();
    controller.abort();
    const source = memorySource({ 'posts.csv': csv(2) });
    const early = await rejectionOf<CancelledError>(service().run({ ...request(''), source, signal: controller.signal }));
    expect(early).toBeInstanceOf(CancelledError);
    expect(early.message).toBe('Import cancelled.');
    expect(source.opened.size).toBe(0);

    const later = new AbortController();
    const calls: NewPost[][] = [];
    const error = await rejectionOf<CancelledError>(
      run(scripted([batch({ posts: [newPost('a')] }), batch({ posts: [newPost('b')] })]), { signal: later.signal, onProgress: (event) => event.message?.endsWith('imported') && later.abort() }, countingPosts(1500, calls)),
    );
    expect(error.message).toBe('Import cancelled after 1,500 posts were stored; run it again to finish (nothing is added twice).');
    expect(calls).toHaveLength(1);
  });

  test('a read fault after stored posts: the original fault with the summary, its details, cause and hint', async () => {
    const fault = new InvalidInputError('posts.csv: cut short.', { details: { file: 'posts.csv', line: 9 }, hint: 'Export it again.' });
    const error = await rejectionOf<InvalidInputError>(run(scripted([batch({ posts: [newPost('a')] }), fault]), {}, countingPosts(2345)));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).not.toBe(fault);
    expect(error.message).toBe('posts.csv: cut short.');
    expect(error.cause).toBe(fault);
    expect(error.details).toMatchObject({ file: 'posts.csv', line: 9, summary: { imported: 2345, startedAt: '2026-02-01T00:00:00.000Z', finishedAt: '2026-02-01T00:00:00.000Z' } });
    expect(error.hint).toBe('2,345 new posts read before the fault were stored; re-running the import after fixing the file adds only the rest. Export it again.');
    const bare = await rejectionOf<InvalidInputError>(run(scripted([new InvalidInputError('posts.csv: binary.')])));
    expect(bare.hint).toBe('Nothing was stored.');
  });

  test('a fault that is not an InvalidInputError passes through as it is', async () => {
    const plain = new Error('EIO: i/o error');
    expect(await rejectionOf(run(scripted([batch({ posts: [newPost('a')] }), plain])))).toBe(plain);
  });

  test('a fault while storing is the storage’s, not the reader’s: no summary is added', async () => {
    const fault = new InvalidInputError('constraint failed');
    const posts = { ...storage.posts, insertMany: async () => Promise.reject(fault) };
    expect(await rejectionOf(run(scripted([batch({ posts: [newPost('a')] })]), {}, posts))).toBe(fault);
  });

  test('nothing found: counts over a thousand, what was not read, the facts and a hint for records seen', async () => {
    const source = { ...memorySource({ 'posts.csv': csv(1) }), skipped: () => [{ path: 'link-out', reason: 'a link out of the folder' }] };
    const steps = [batch({ skipped: { retweet: 1234 }, errors: errors(1), errorCount: 1500, described: ['posts.csv: 1 array with 2,734 records'] })];
    const error = await rejectionOf<ImportFailedError>(
      new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText, offThread: scripted(steps) }).run({ ...request(''), source }),
    );
    expect(error.message).toBe(
      'No post found to import from posts.csv (a CSV file of posts): 2,734 records were read; skipped: 1,234 retweet; 1,500 could not be read (first: posts.csv:2: bad); posts.csv: 1 array with 2,734 records; not read: link-out (a link out of the folder).',
    );
    expect(error.hint).toBe('Every record was skipped or unreadable: check the reasons above, or that --format matches the file.');
    expect(error.details).toMatchObject({ seen: ['posts.csv: 1 array with 2,734 records'], summary: { notRead: [{ path: 'link-out', reason: 'a link out of the folder' }] } });
    const empty = await rejectionOf<ImportFailedError>(run(scripted([batch({})])));
    expect(empty.hint).toBe('Check that this is the right file of the export (and not an empty part of it); if the file does hold posts, please report it with the line above.');
  });

  test('a platform that contradicts the export is refused with the format, platform and what to do', async () => {
    const tweets = 'window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "full_text": "hi"}}]';
    const error = await rejectionOf<InvalidInputError>(service().run({ ...request(''), source: memorySource({ 'tweets.js': tweets }), platform: 'bluesky' }));
    expect(error.details).toEqual({ format: 'x', platform: 'bluesky' });
    expect(error.hint).toBe('{{--platform|"platform"}} only applies to csv/json/ndjson files; leave it out for a platform export.');
  });
});

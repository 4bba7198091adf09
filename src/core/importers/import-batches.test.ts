import { describe, expect, test } from 'vitest';
import { collect, memoryFile, rejectionOf } from '../../../test/fakes/memory-export-source.js';
import { CancelledError, ImportFailedError, InvalidInputError, StorageUnavailableError, UnsupportedFormatError } from '../errors.js';
import { MAX_POST_TEXT } from '../posts/post-schema.js';
import type { ExportFile } from './export-source.js';
import { isReadFault, MAX_LISTED_ERRORS, readImportBatches, type ImportBatch, type ImportReadJob } from './import-batches.js';

const hashText = (text: string) => `h:${text}`;
const read = readImportBatches(hashText);

function json(records: unknown[]): string {
  return `[\n${records.map((record) => JSON.stringify(record)).join(',\n')}\n]`;
}

function job(files: ExportFile[], fields: Partial<ImportReadJob> = {}): ImportReadJob {
  return { files, format: 'json', batchSize: 2, ...fields };
}

/** A file that yields `chunks`, then runs `fault` (which may throw) when the reader asks for more. */
function faultyFile(name: string, chunks: string[], fault: () => void): ExportFile {
  return {
    name,
    size: null,
    async *open() {
      for (const chunk of chunks) yield new TextEncoder().encode(chunk);
      fault();
    },
  };
}

const post = (text: string, fields: Record<string, unknown> = {}) => ({ platform: 'mastodon', text, ...fields });

describe('readImportBatches', () => {
  test('posts in batches of batchSize, the last one partial; what was passed over goes with the batch it happened in', async () => {
    const content = json([post('Guten Morgen'), post(''), post(' \n '), post('Bonjour'), 42, post('こんにちは'), post('📸', { media_count: 1 }), post('olá')]);
    const batches = await collect(read(job([memoryFile('posts.json', content, { chunkSize: 7 })])));
    expect(batches.map((batch) => batch.posts.map((one) => one.text))).toEqual([['Guten Morgen', 'Bonjour'], ['こんにちは', '📸'], ['olá']]);
    expect(batches.map((batch) => batch.skipped)).toEqual([{ empty: 2 }, {}, {}]);
    expect(batches.map((batch) => batch.errorCount)).toEqual([0, 1, 0]);
    expect(batches[1]?.errors).toEqual([{ record: 'posts.json:6 #5', message: 'the record is not a JSON object' }]);
    expect(batches.map((batch) => batch.withoutText)).toEqual([0, 1, 0]);
  });

  test('an exact multiple of batchSize ends with an empty batch (carrying the end-of-read facts)', async () => {
    const batches = await collect(read(job([memoryFile('posts.json', json([post('a b'), post('c d')]))])));
    expect(batches.map((batch) => batch.posts.length)).toEqual([2, 0]);
  });

  test('bytes read count every byte of every file so far; descriptions arrive once a file is read whole', async () => {
    const first = json([post('eins'), post('zwei'), post('drei'), post('vier')]);
    const second = json([post('fünf')]);
    const size = (text: string) => new TextEncoder().encode(text).length;
    const batches = await collect(read(job([memoryFile('a.json', first, { chunkSize: 5 }), memoryFile('b.json', second, { chunkSize: 5 })])));
    expect(batches.map((batch) => batch.posts.length)).toEqual([2, 2, 1]);
    expect(batches[0]?.bytesRead).toBeGreaterThan(0);
    expect(batches[0]?.bytesRead).toBeLessThan(size(first));
    expect(batches.at(-1)?.bytesRead).toBe(size(first) + size(second));
    expect(batches[0]?.described).toEqual([]);
    expect(batches.at(-1)?.described).toEqual(['a.json: 1 array with 4 records', 'b.json: 1 array with 1 record']);
  });

  test('at most MAX_LISTED_ERRORS errors are listed over the whole read; every one is counted', async () => {
    const bad = (count: number) => Array.from({ length: count }, (_, index) => index);
    const content = json([...bad(60), post('one'), ...bad(60)]);
    const batches = await collect(read(job([memoryFile('posts.json', content)], { batchSize: 1 })));
    expect(batches.map((batch) => batch.errorCount)).toEqual([60, 60]);
    expect(MAX_LISTED_ERRORS).toBe(100);
    expect(batches.map((batch) => batch.errors.length)).toEqual([60, 40]);
    expect(batches[1]?.errors[0]?.record).toBe('posts.json:63 #62');
  });

  test('posts get their identity: the record’s own key, else the platform id, else a hash of text and date', async () => {
    const content = json([
      post('mine', { dedupe_key: 'custom:1', id: '9' }),
      post('with id', { id: '77' }),
      post('dated', { published_at: '2024-02-03T04:05:06Z' }),
      post('undated'),
    ]);
    const [batch] = await collect(read(job([memoryFile('posts.json', content)], { batchSize: 10 })));
    expect(batch?.posts.map((one) => one.dedupeKey)).toEqual(['custom:1', 'id:77', 'sha256:h:dated\u00002024-02-03T04:05:06.000Z', 'sha256:h:undated\u0000']);
  });

  test('a platform export’s posts are completed: default status and source, empty scheduling, shared URL and thread', async () => {
    const tweets = `window.YTD.tweets.part0 = ${JSON.stringify([
      { tweet: { id_str: '5', full_text: 'Olá mundo', created_at: 'Sat Mar 02 08:00:00 +0000 2024', lang: 'pt' } },
      { tweet: { id_str: '6', full_text: 'sem data' } },
    ])}`;
    const [batch] = await collect(read(job([memoryFile('data/tweets.js', tweets)], { format: 'x', batchSize: 10 })));
    expect(batch?.posts).toEqual([
      expect.objectContaining({ platform: 'x', text: 'Olá mundo', status: 'published', source: 'imported', scheduledAt: null, publishedAt: '2024-03-02T08:00:00.000Z', sharedUrl: null, threadParts: null, generationId: null, lang: 'pt', dedupeKey: 'id:5' }),
      expect.objectContaining({ text: 'sem data', status: 'published', source: 'imported', publishedAt: null, scheduledAt: null }),
    ]);
    expect(batch?.errorCount).toBe(0);
  });

  test('a row’s own status, source and thread are kept; what only the schema puts in shape (untrimmed parts) is shaped by it', async () => {
    const content = json([post('idea text', { status: 'idea', source: 'written', thread_parts: '[" one ","two"]', shared_url: 'https://example.org', scheduled_at: '2030-01-01T00:00:00Z' })]);
    const [batch] = await collect(read(job([memoryFile('posts.json', content)])));
    expect(batch?.posts[0]).toMatchObject({ status: 'idea', source: 'written', threadParts: ['one', 'two'], sharedUrl: 'https://example.org', scheduledAt: '2030-01-01T00:00:00.000Z' });
  });

  test('a text over the limit is an error for that record, at the limit it is a post', async () => {
    const content = json([post('y'.repeat(MAX_POST_TEXT)), post('z'.repeat(MAX_POST_TEXT + 234_567))]);
    const [batch] = await collect(read(job([memoryFile('posts.json', content)])));
    expect(batch?.posts.map((one) => one.text.length)).toEqual([MAX_POST_TEXT]);
    expect(batch?.errors).toEqual([{ record: 'posts.json:3 #2', message: 'the text is 1,234,567 characters, over the 1,000,000 a post may have; shorten or split it' }]);
  });

  test('a record the post schema refuses is an error naming each field and why', async () => {
    const content = json([post('fine'), post('bad', { lang: 'l'.repeat(36), url: 'u'.repeat(2001) })]);
    const [batch] = await collect(read(job([memoryFile('posts.json', content)])));
    expect(batch?.posts.map((one) => one.text)).toEqual(['fine']);
    expect(batch?.errorCount).toBe(1);
    expect(batch?.errors[0]?.record).toBe('posts.json:3 #2');
    expect(batch?.errors[0]?.message).toMatch(/^url: .*2000.*; lang: .*35/);
  });

  test('a read fault: the batch of good records before it comes first, then the fault', async () => {
    const got: ImportBatch[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const batch of read(job([memoryFile('posts.json', `[${JSON.stringify(post('avant'))}, {"text": "coupé`)], { batchSize: 5 }))) got.push(batch);
      })(),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(got.map((batch) => batch.posts.map((one) => one.text))).toEqual([['avant']]);
  });

  test('a plain error from the file is a read fault too; a storage fault is not: nothing more is handed on', async () => {
    const chunks = [`[${JSON.stringify(post('first'))},`];
    const plain: ImportBatch[] = [];
    await expect(
      (async () => {
        for await (const batch of read(job([faultyFile('p.json', chunks, () => { throw new Error('EIO: i/o error'); })], { batchSize: 5 }))) plain.push(batch);
      })(),
    ).rejects.toThrow('EIO: i/o error');
    expect(plain.map((batch) => batch.posts.length)).toEqual([1]);
    const storage: ImportBatch[] = [];
    await expect(
      (async () => {
        for await (const batch of read(job([faultyFile('p.json', chunks, () => { throw new StorageUnavailableError('database gone'); })], { batchSize: 5 }))) storage.push(batch);
      })(),
    ).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(storage).toEqual([]);
  });

  test('cancelled before the first record: no batch at all', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await collect(read(job([memoryFile('posts.json', json([post('a'), post('b'), post('c')]))], { signal: controller.signal })))).toEqual([]);
  });

  test('cancelled between batches: reading stops at the next record, no partial batch follows', async () => {
    const controller = new AbortController();
    const got: ImportBatch[] = [];
    for await (const batch of read(job([memoryFile('posts.json', json([post('a'), post('b'), post('c'), post('d'), post('e')]))], { signal: controller.signal }))) {
      got.push(batch);
      controller.abort();
    }
    expect(got.map((batch) => batch.posts.map((one) => one.text))).toEqual([['a', 'b']]);
  });

  test('a fault after cancelling hands on nothing more', async () => {
    const controller = new AbortController();
    const got: ImportBatch[] = [];
    const file = faultyFile('p.json', [`[${JSON.stringify(post('kept back'))},`], () => {
      controller.abort();
      throw new Error('EIO');
    });
    await expect(
      (async () => {
        for await (const batch of read(job([file], { batchSize: 5, signal: controller.signal }))) got.push(batch);
      })(),
    ).rejects.toThrow('EIO');
    expect(got).toEqual([]);
  });
});

describe('isReadFault', () => {
  test('faults of the input, not of storage or the user', () => {
    expect(isReadFault(new Error('EIO'))).toBe(true);
    expect(isReadFault('a thrown string')).toBe(true);
    expect(isReadFault(new InvalidInputError('bad file'))).toBe(true);
    expect(isReadFault(new UnsupportedFormatError('not an export'))).toBe(true);
    expect(isReadFault(new StorageUnavailableError('database gone'))).toBe(false);
    expect(isReadFault(new CancelledError())).toBe(false);
    expect(isReadFault(new ImportFailedError('nothing'))).toBe(false);
  });
});

import { describe, expect, test } from 'vitest';
import { collect, textChunks } from '../../../test/fakes/memory-export-source.js';
import type { PostRepository } from '../ports.js';
import { PostInputSchema, type Post, type PostInput } from '../posts/post-schema.js';
import { readCsvRows } from './csv-reader.js';
import { exportCsvHeader, postToExportRow } from './export-row.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportChunks } from './export-writer.js';

function stored(id: number, input: Partial<PostInput> & { text: string }): Post {
  const fields = PostInputSchema.parse({ platform: 'mastodon', source: 'imported', ...input });
  return { ...fields, id, profileId: 7, dedupeKey: `key-${id}`, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
}

const first = stored(1, { text: 'Grüße, "alle"\nzweite Zeile', publishedAt: '2024-01-02T03:04:05Z', tags: ['a, b'] });
const second = stored(2, { text: '你好 👋', platform: 'bluesky', engagement: { likes: 3, reposts: null, replies: 1, impressions: null } });
const third = stored(3, { text: 'שלום', platform: 'linkedin', threadParts: ['one', 'two'] });

/** A repository holding the given batches for profile 7 only. */
function repository(batches: Post[][], seen: number[] = []): PostRepository {
  return {
    iterateByProfile: async function* (profileId: number) {
      seen.push(profileId);
      if (profileId !== 7) return;
      for (const batch of batches) yield batch;
    },
  } as unknown as PostRepository;
}

describe('exportChunks', () => {
  test('the formats and their content types', () => {
    expect(EXPORT_FORMATS).toEqual(['ndjson', 'json', 'csv']);
    expect(EXPORT_CONTENT_TYPES).toEqual({ ndjson: 'application/x-ndjson; charset=utf-8', json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' });
  });

  test('ndjson: one row per line, one chunk per batch', async () => {
    const seen: number[] = [];
    const chunks = await collect(exportChunks(repository([[first, second], [third]], seen), 7, 'ndjson'));
    expect(seen).toEqual([7]);
    expect(chunks).toHaveLength(2);
    expect(chunks.join('').split('\n')).toEqual([...[first, second, third].map((post) => JSON.stringify(postToExportRow(post))), '']);
  });

  test('json: an indented array over several batches, commas only between rows', async () => {
    const chunks = await collect(exportChunks(repository([[first], [second, third]]), 7, 'json'));
    expect(chunks[0]).toBe('[');
    expect(chunks.at(-1)).toBe('\n]\n');
    const text = chunks.join('');
    expect(JSON.parse(text)).toEqual([first, second, third].map(postToExportRow));
    expect(text).toBe(`[\n  ${[first, second, third].map((post) => JSON.stringify(postToExportRow(post))).join(',\n  ')}\n]\n`);
  });

  test('json with no posts is an empty array; another profile’s posts are not there', async () => {
    expect((await collect(exportChunks(repository([[first]]), 8, 'json'))).join('')).toBe('[]\n');
    expect((await collect(exportChunks(repository([]), 7, 'json'))).join('')).toBe('[]\n');
    expect(await collect(exportChunks(repository([]), 7, 'ndjson'))).toEqual([]);
  });

  test('csv: the header, then one record per post that reads back as written', async () => {
    const chunks = await collect(exportChunks(repository([[first, second], [third]]), 7, 'csv'));
    expect(chunks[0]).toBe(exportCsvHeader());
    expect(chunks).toHaveLength(3);
    const rows = (await collect(readCsvRows(textChunks(chunks.join(''), 16), { file: 'export.csv' }))).map((row) => row.fields);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((fields) => [fields[0], fields[1]])).toEqual([
      ['mastodon', 'Grüße, "alle"\nzweite Zeile'],
      ['bluesky', '你好 👋'],
      ['linkedin', 'שלום'],
    ]);
    // A CSV has no header-less form: an empty export is the header alone.
    expect(await collect(exportChunks(repository([]), 7, 'csv'))).toEqual([exportCsvHeader()]);
  });

  test('onPost is called once per post written', async () => {
    let count = 0;
    await collect(exportChunks(repository([[first, second], [third]]), 7, 'ndjson', { onPost: () => count++ }));
    expect(count).toBe(3);
  });

  test('an aborted signal stops the export at the next batch', async () => {
    const controller = new AbortController();
    const got: string[] = [];
    const run = async () => {
      for await (const chunk of exportChunks(repository([[first], [second], [third]]), 7, 'ndjson', { signal: controller.signal })) {
        got.push(chunk);
        controller.abort();
      }
    };
    await expect(run()).rejects.toThrow();
    expect(got).toHaveLength(1);
    expect(controller.signal.aborted).toBe(true);
  });
});

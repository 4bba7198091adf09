import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { memorySource } from '../../../test/fakes/memory-export-source.js';
import { MemoryStorage } from '../../../test/fakes/memory-storage.js';
import { PLATFORMS } from '../platforms/platform-id.js';
import { POST_SOURCES, POST_STATUSES, PostInputSchema, type Post, type PostInput } from '../posts/post-schema.js';
import { ProfileInputSchema } from '../profiles/profile-schema.js';
import { exportCsvHeader, exportRowToCsvFields, formatCsvLine, postToExportRow } from './export-row.js';
import { ImportService } from './import-service.js';

const clock = { now: () => new Date('2026-02-01T00:00:00Z') };
const hashText = (text: string) => `h${text.length}:${text}`;

/** Text as people write it: emoji sequences, CJK, RTL, quotes, commas, tabs and line breaks. */
const pieces = ['a', 'Z', ' ', ',', ';', '"', "'", '\n', '\r\n', '\t', '#tag', '@ann', 'https://example.com/a?b=1&c=2', '👩🏽‍💻', '👨‍👩‍👧‍👦', '🇨🇴', 'é', '中文', 'שלום', 'مرحبا', '\\', '[', '{'];
const text = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 30 }).map((parts) => `x${parts.join('')}`);
const optional = (arbitrary: fc.Arbitrary<string>) => fc.option(arbitrary, { nil: null });
const word = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((parts) => `w${parts.join('')}`);
const date = fc.integer({ min: Date.UTC(2006, 0, 1), max: Date.UTC(2030, 0, 1) }).map((time) => new Date(time).toISOString());
const count = fc.option(fc.nat({ max: 10_000_000 }), { nil: null });

const postInput = fc.record({
  platform: fc.constantFrom(...PLATFORMS),
  text,
  status: fc.constantFrom(...POST_STATUSES),
  scheduledAt: fc.option(date, { nil: null }),
  publishedAt: fc.option(date, { nil: null }),
  engagement: fc.record({ likes: count, reposts: count, replies: count, impressions: count }),
  tags: fc.uniqueArray(word.map((tag) => tag.trim()), { maxLength: 4 }),
  source: fc.constantFrom(...POST_SOURCES),
  externalId: optional(word),
  url: optional(word),
  isReply: fc.boolean(),
  replyToExternalId: optional(word),
  lang: optional(fc.constantFrom('en', 'zh-Hant', 'he', 'ar')),
  mediaCount: fc.nat({ max: 4 }),
  contentWarning: optional(word),
  sharedUrl: optional(word),
});

function asStored(input: PostInput, index: number): Post {
  const fields = PostInputSchema.parse(input);
  return { ...fields, id: index + 1, profileId: 1, dedupeKey: `key-${index}`, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
}

/** What export → import must keep: every field but ids, timestamps of the row itself and the generation link. */
function kept(post: Post) {
  const { id: _id, profileId: _profileId, createdAt: _created, updatedAt: _updated, generationId: _generation, ...rest } = post;
  return rest;
}

async function importInto(file: string, content: string): Promise<Post[]> {
  const storage = new MemoryStorage();
  await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }));
  const service = new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText });
  const summary = await service.run({ scope: { workspace: 'default' }, handle: 'acme', source: memorySource({ [file]: content }, { chunkSize: 97 }), format: 'auto' });
  expect(summary.errors).toEqual([]);
  return [...storage.postRows.values()].sort((a, b) => a.id - b.id);
}

function crlfAsLf<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\r\n?/g, '\n') as T;
  if (Array.isArray(value)) return value.map(crlfAsLf) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, crlfAsLf(field)])) as T;
  return value;
}

describe('export → import round trip', () => {
  for (const format of ['csv', 'json', 'ndjson'] as const) {
    test(`${format}: every field survives (property)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(postInput, { minLength: 1, maxLength: 6 }), async (inputs) => {
          const posts = inputs.map(asStored);
          const rows = posts.map(postToExportRow);
          const content =
            format === 'csv'
              ? exportCsvHeader() + rows.map((row) => formatCsvLine(exportRowToCsvFields(row))).join('')
              : format === 'json'
                ? JSON.stringify(rows, null, 2)
                : rows.map((row) => JSON.stringify(row)).join('\n');
          const stored = await importInto(`posts.${format}`, content);
          // CSV reads a line break inside a quoted field as \n (USAGE: line ends become \n); tags (a JSON array in
          // their cell) and JSON files keep every character.
          const expected = posts.map(kept).map((post) => (format === 'csv' ? { ...crlfAsLf(post), tags: post.tags } : post));
          expect(stored.map(kept)).toEqual(expected);
        }),
        { numRuns: 40 },
      );
    });
  }

  test('re-importing an export into the same profile adds nothing', async () => {
    const storage = new MemoryStorage();
    await storage.profiles.create('default', ProfileInputSchema.parse({ handle: 'acme', displayName: 'Acme' }));
    const service = new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText });
    const csv = exportCsvHeader() + formatCsvLine(exportRowToCsvFields(postToExportRow(asStored({ platform: 'x', text: 'hello, "world"\nbye' }, 0))));
    const run = () => service.run({ scope: { workspace: 'default' }, handle: 'acme', source: memorySource({ 'acme.csv': csv }), format: 'csv' });
    expect(await run()).toMatchObject({ imported: 1, duplicates: 0 });
    expect(await run()).toMatchObject({ imported: 0, duplicates: 1 });
  });
});

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeZip } from '../../../test/importers/zip-writer.js';
import type { App } from '../../app/create-app.js';
import { AppError, NotFoundError } from '../../core/errors.js';
import type { ExportSource } from '../../core/importers/index.js';
import type { Scope } from '../../core/profiles/index.js';
import { FileResult } from './operation.js';
import { exportPosts, importPosts } from './import-export-operations.js';

const scope: Scope = { workspace: 'acme-co' };
const signal = new AbortController().signal;

// Uploaded zips go to a temporary folder: each test gets its own (os.tmpdir() reads TMPDIR) to see it removed.
let scratch: string;
let previousTmpdir: string | undefined;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'smm-import-operation-test-'));
  previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
afterEach(async () => {
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
  await rm(scratch, { recursive: true, force: true });
});

function paths(value: unknown): string[] {
  const result = importPosts.input.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

async function filesOf(source: ExportSource): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const file of await source.files()) {
    const chunks: Buffer[] = [];
    for await (const chunk of file.open()) chunks.push(Buffer.from(chunk));
    result[file.name] = Buffer.concat(chunks).toString('utf8');
  }
  return result;
}

/** An app whose importer reads the upload it is given (while it still exists) and records the request. */
function importingApp(options: { profileMissing?: boolean; importFails?: boolean } = {}) {
  const seen: Array<{ request: Record<string, unknown>; files: Record<string, string> }> = [];
  const app = {
    profiles: {
      get: async (_scope: Scope, handle: string) => {
        if (options.profileMissing) throw new NotFoundError('profile', handle);
        return { id: 1, handle };
      },
    },
    imports: async () => ({
      run: async (request: Record<string, unknown> & { source: ExportSource }) => {
        seen.push({ request, files: await filesOf(request.source) });
        if (options.importFails) throw new Error('importer broke');
        return { imported: 1, duplicates: 0, skipped: {}, errors: [], format: request.format };
      },
    }),
  };
  return { app: app as unknown as App, seen };
}

describe('import_posts input', () => {
  it('defaults to text content, the name "upload" and a detected format', () => {
    expect(importPosts.input.parse({ handle: 'Acme', content: 'x' })).toStrictEqual({ handle: 'acme', content: 'x', encoding: 'text', filename: 'upload', format: 'auto' });
  });

  it('refuses empty content with a hint, and unknown encodings, formats and platforms', () => {
    const result = importPosts.input.safeParse({ handle: 'acme', content: '' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('content is empty: send the file content as text, or base64 with encoding "base64".');
    expect(paths({ handle: 'acme', content: 'x', encoding: 'hex' })).toEqual(['encoding']);
    expect(paths({ handle: 'acme', content: 'x', format: 'tiktok' })).toEqual(['format']);
    expect(paths({ handle: 'acme', content: 'x', platform: 'tiktok' })).toEqual(['platform']);
    expect(paths({ handle: 'acme', content: 'x', filename: '   ' })).toEqual(['filename']);
    expect(paths({ handle: 'acme', content: 'x', filename: 'f'.repeat(256) })).toEqual(['filename']);
  });

  it('takes every import format and auto, and names them all in its descriptions', () => {
    const formats = ['auto', 'x', 'linkedin', 'mastodon', 'bluesky', 'threads', 'instagram', 'facebook', 'csv', 'json', 'ndjson'];
    for (const format of formats) expect(paths({ handle: 'acme', content: 'x', format }), format).toEqual([]);
    expect(importPosts.description).toContain(formats.join(', '));
    expect(importPosts.input.shape.format.description).toContain(formats.join(', '));
  });
});

describe('import_posts', () => {
  const run = (app: App, input: Record<string, unknown>) => importPosts.run(app, scope, importPosts.input.parse({ handle: 'acme', ...input }), { signal });

  it('reads text content as UTF-8 bytes, and passes handle, format and platform on', async () => {
    const { app, seen } = importingApp();
    await run(app, { content: '{"text":"café ☕"}\n', filename: 'posts.ndjson', format: 'ndjson', platform: 'mastodon' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.files).toEqual({ 'posts.ndjson': '{"text":"café ☕"}\n' });
    expect(seen[0]!.request).toMatchObject({ scope, handle: 'acme', format: 'ndjson', platform: 'mastodon', signal });
  });

  it('decodes base64 however it is wrapped: plain, a data URL, with line breaks, or base64url', async () => {
    const text = 'id,text\n1,"Hällo? >>> ~~~"\n';
    const standard = Buffer.from(text).toString('base64');
    const url = Buffer.from(text).toString('base64url');
    expect(standard).toMatch(/[+/]/);
    expect(url).toMatch(/[-_]/);
    const wrapped = standard.replace(/(.{8})/g, '$1\r\n');
    for (const content of [standard, `data:text/csv;base64,${standard}`, wrapped, ` ${standard} `, url]) {
      const { app, seen } = importingApp();
      await run(app, { content, encoding: 'base64', filename: 'rows.csv' });
      expect(seen[0]!.files, content).toEqual({ 'rows.csv': text });
    }
  });

  it('refuses content that is not base64 before importing anything', async () => {
    for (const content of ['not base64!', 'YWJj=ZA==', 'YWJj===', '%%%%']) {
      const { app, seen } = importingApp();
      const error = await run(app, { content, encoding: 'base64' }).then(() => undefined, (caught: unknown) => caught);
      expect(error, content).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).toBe('content is not valid base64.');
      expect((error as AppError).hint).toContain('encoding to "text"');
      expect(seen).toEqual([]);
    }
  });

  it('checks the profile exists before reading the upload', async () => {
    const { app, seen } = importingApp({ profileMissing: true });
    await expect(run(app, { content: '!!not base64', encoding: 'base64' })).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([]);
  });

  it('removes an uploaded zip once the import is done, and when it fails', async () => {
    const zip = path.join(scratch, 'made.zip');
    await writeZip(zip, [{ name: 'data/tweets.js', data: 'window.YTD.tweets.part0 = []' }]);
    const content = (await readFile(zip)).toString('base64');
    await rm(zip);
    const uploads = async () => (await readdir(scratch)).filter((name) => name.startsWith('smm-upload-'));

    const done = importingApp();
    await run(done.app, { content, encoding: 'base64', filename: 'archive.zip' });
    expect(done.seen[0]!.files).toEqual({ 'data/tweets.js': 'window.YTD.tweets.part0 = []' });
    expect(await uploads()).toEqual([]);

    const failing = importingApp({ importFails: true });
    await expect(run(failing.app, { content, encoding: 'base64', filename: 'archive.zip' })).rejects.toThrow('importer broke');
    expect(failing.seen).toHaveLength(1);
    expect(await uploads()).toEqual([]);
  });
});

describe('export_posts', () => {
  it('defaults to ndjson and takes only ndjson, json and csv', () => {
    expect(exportPosts.input.parse({ handle: 'acme' })).toStrictEqual({ handle: 'acme', format: 'ndjson' });
    expect(exportPosts.input.safeParse({ handle: 'acme', format: 'xml' }).success).toBe(false);
  });

  it('answers a file named after the profile, of the format’s type, with the post count', async () => {
    const calls: unknown[][] = [];
    const app = {
      posts: {
        export: async (_scope: Scope, handle: string, format: string, options: { onPost(): void; signal: AbortSignal }) => {
          calls.push([handle, format, options.signal]);
          async function* chunks() {
            yield 'id,text\n';
            options.onPost();
            yield '1,a\n';
            options.onPost();
            yield '2,b\n';
          }
          return { profile: { handle: 'acme' }, chunks: chunks() };
        },
      },
    } as unknown as App;
    const result = await exportPosts.run(app, scope, { handle: 'acme', format: 'csv' }, { signal });
    expect(result).toBeInstanceOf(FileResult);
    expect({ ...(result as FileResult) }).toEqual({
      filename: 'acme.csv',
      contentType: 'text/csv; charset=utf-8',
      body: 'id,text\n1,a\n2,b\n',
      summary: { handle: 'acme', format: 'csv', count: 2 },
    });
    expect(calls).toEqual([['acme', 'csv', signal]]);
  });
});

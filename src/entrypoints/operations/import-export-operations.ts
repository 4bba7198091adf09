import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS } from '../../core/importers/index.js';
import { IMPORT_FORMATS } from '../../core/importers/index.js';
import { PlatformSchema } from '../../core/platforms/index.js';
import { defineOperation, FileResult } from './operation.js';
import { HandleParam, PLATFORM_NAMES } from './operation-schemas.js';
import { uploadSource } from './upload-source.js';

const FORMAT_NAMES = ['auto', ...IMPORT_FORMATS].join(', ');

export const importPosts = defineOperation({
  name: 'import_posts',
  summary: 'Import past posts from an export file',
  description:
    "Imports past posts into a profile from a platform's own data export or a plain file: X tweets.js or the whole archive .zip, LinkedIn Shares.csv, Mastodon outbox.json, " +
    'Bluesky post records, Threads / Instagram / Facebook JSON, or CSV / JSON / NDJSON. Send the file content as text (encoding text) or base64 (encoding base64, needed for .zip); ' +
    `filename helps detect the format. format is one of: ${FORMAT_NAMES} (default auto). platform (one of: ${PLATFORM_NAMES}) is for plain rows that do not name one. ` +
    'Re-importing the same file adds nothing. Programs may instead POST the raw file bytes with Content-Type application/octet-stream and the other fields as query parameters. ' +
    'Returns {"imported", "duplicates", "skipped": {reason: count}, "errors": [...], "format"}.',
  tag: 'import-export',
  method: 'POST',
  path: '/profiles/{handle}/import',
  readOnly: false,
  input: z.object({
    handle: HandleParam,
    content: z.string().min(1, 'content is empty: send the file content as text, or base64 with encoding "base64".').describe('The file content: text, or base64 when encoding is base64.'),
    encoding: z.enum(['text', 'base64']).default('text').describe('How content is encoded. One of: text, base64 (default text).'),
    filename: z.string().trim().min(1).max(255).default('upload').describe('The file name, e.g. tweets.js, Shares.csv, outbox.json, archive.zip.'),
    format: z.enum(['auto', ...IMPORT_FORMATS]).default('auto').describe(`The export format. One of: ${FORMAT_NAMES} (default auto: detected).`),
    platform: PlatformSchema.optional().describe(`Platform of plain CSV / JSON / NDJSON rows that do not name one. One of: ${PLATFORM_NAMES}.`),
  }),
  async run(app, scope, input, context) {
    await app.profiles.get(scope, input.handle);
    const bytes = input.encoding === 'base64' ? decodeBase64(input.content) : new TextEncoder().encode(input.content);
    const upload = await uploadSource(bytes, input.filename);
    try {
      const imports = await app.imports();
      return await imports.run({
        scope,
        handle: input.handle,
        source: upload.source,
        format: input.format,
        platform: input.platform,
        signal: context.signal,
        onProgress: context.onProgress,
      });
    } finally {
      await upload.dispose();
    }
  },
});

export const exportPosts = defineOperation({
  name: 'export_posts',
  summary: "Export a profile's posts",
  description:
    'Exports every post of a profile as a file that import_posts reads back: format is one of: ndjson, json, csv (default ndjson). ' +
    'Over HTTP the file itself is returned (download); as a tool it returns the file text with a count.',
  tag: 'import-export',
  method: 'GET',
  path: '/profiles/{handle}/export',
  readOnly: true,
  input: z.object({
    handle: HandleParam,
    format: z.enum(EXPORT_FORMATS).default('ndjson').describe('File format. One of: ndjson, json, csv (default ndjson).'),
  }),
  async run(app, scope, input, context) {
    let body = '';
    let count = 0;
    const { profile, chunks } = await app.posts.export(scope, input.handle, input.format, { signal: context.signal, onPost: () => (count += 1) });
    for await (const chunk of chunks) body += chunk;
    return new FileResult(`${profile.handle}.${input.format}`, EXPORT_CONTENT_TYPES[input.format], body, { handle: profile.handle, format: input.format, count });
  },
});

function decodeBase64(content: string): Uint8Array {
  const clean = content.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
    throw new InvalidInputError('content is not valid base64.', { hint: 'Send base64 of the file bytes, or set encoding to "text" and send the text itself.' });
  }
  return Buffer.from(clean, clean.includes('-') || clean.includes('_') ? 'base64url' : 'base64');
}

export const importExportOperations = [importPosts, exportPosts];

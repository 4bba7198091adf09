import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFormat } from '../../../core/importers/index.js';
import type { CliContext } from '../cli-context.js';

interface ExportOptions {
  profile: string;
  format: ExportFormat;
  out?: string;
}

/** Streams a profile's posts to a file (written beside it, then renamed: never half a file) or stdout. */
export async function exportCommand(context: CliContext, options: ExportOptions): Promise<void> {
  const app = await context.app();
  let count = 0;
  const { profile, chunks } = await app.posts.export(context.scope, options.profile, options.format, { signal: context.signal, onPost: () => (count += 1) });
  if (!options.out) {
    for await (const chunk of chunks) context.stdout.write(chunk);
    return;
  }
  const target = path.resolve(options.out);
  const partial = `${target}.partial-${process.pid}`;
  const stream = createWriteStream(partial, { encoding: 'utf8' });
  try {
    for await (const chunk of chunks) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
    await rename(partial, target);
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  const result = { profile: profile.handle, format: options.format, posts: count, file: target };
  if (context.json) context.print(result, () => '');
  else context.note(`Exported ${count} posts of @${profile.handle} to ${target} (${options.format}).`);
}

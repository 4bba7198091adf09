import { openExportSource } from '../../../adapters/files/index.js';
import { InvalidInputError } from '../../../core/errors.js';
import type { ImportFormat } from '../../../core/importers/index.js';
import { parsePlatform } from '../../../core/platforms/index.js';
import type { CliContext } from '../cli-context.js';
import { createProgressBar } from '../progress-bar.js';

interface ImportOptions {
  profile: string;
  format: string;
  platform?: string;
}

export async function importCommand(context: CliContext, file: unknown, options: ImportOptions): Promise<void> {
  const platform = options.platform === undefined ? undefined : parsePlatform(options.platform);
  if (options.platform !== undefined && !platform) {
    throw new InvalidInputError(`Unknown platform "${options.platform}".`, { hint: 'Use one of: x, linkedin, instagram, threads, bluesky, mastodon, facebook.' });
  }
  const app = await context.app();
  // Resolve the profile before touching the file: a typo fails at once.
  await app.profiles.get(context.scope, options.profile);
  const source = await openExportSource(String(file));
  const progress = await createProgressBar(context.stderr, !context.json && !context.options.quiet);
  let summary;
  try {
    summary = await (await app.imports()).run({
      scope: context.scope,
      handle: options.profile,
      source,
      format: options.format as ImportFormat | 'auto',
      platform,
      signal: context.signal,
      onProgress: progress.listener,
    });
  } finally {
    progress.stop();
  }
  context.print(summary, () => {
    const skipped = Object.entries(summary.skipped).map(([reason, count]) => `${count} ${reason}`);
    const lines = [
      `Imported ${summary.imported} posts into @${summary.profile} from ${source.label} (format: ${summary.format}).`,
      `  duplicates (already there): ${summary.duplicates}`,
      `  skipped: ${skipped.length > 0 ? skipped.join(', ') : 'none'}`,
      `  without-text: ${summary.withoutText} (kept for history; never used for the voice, examples or search)`,
      ...(summary.notRead.length > 0 ? [`  not read: ${summary.notRead.map((entry) => `${entry.path} (${entry.reason})`).join(', ')}`] : []),
      `  errors: ${summary.errorCount}`,
      ...summary.errors.slice(0, 10).map((error) => `    ${error.record}: ${error.message}`),
    ];
    if (summary.errorCount > 10) lines.push(`    … and ${summary.errorCount - 10} more (use --json to see up to 100)`);
    return lines.join('\n');
  });
}

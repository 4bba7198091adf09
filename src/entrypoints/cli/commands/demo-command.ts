import { fileURLToPath } from 'node:url';
import { openExportSource } from '../../../adapters/files/open-export-source.js';
import type { CliContext } from '../cli-context.js';
import { table, truncate } from '../format-text.js';
import { createProgressBar } from '../progress-bar.js';

const SAMPLE_ARCHIVE = fileURLToPath(new URL('../../../../samples/acme-coffee-x-archive', import.meta.url));
const HANDLE = 'acme-coffee';

/**
 * The main job on embedded defaults, end to end: a sample profile, its past
 * posts imported from a bundled X archive, then its latest posts listed.
 */
export async function demoCommand(context: CliContext): Promise<void> {
  const app = await context.app();
  const scope = context.scope;
  const existing = (await app.profiles.list(scope, { includeArchived: true })).find((profile) => profile.handle === HANDLE);
  const profile =
    existing ??
    (await app.profiles.create(scope, {
      handle: HANDLE,
      displayName: 'Acme Coffee Roasters',
      description: 'A small-batch specialty coffee roaster with two shops.',
      audience: 'Home brewers and neighbours who care where their coffee comes from.',
      platforms: ['x', 'instagram', 'linkedin'],
      language: 'en',
      voice: {
        tone: 'warm, practical, quietly nerdy about coffee',
        do: ['give one concrete brewing tip or fact', 'mention farms and people by name'],
        dont: ['hype words', 'more than one exclamation mark'],
        emojiPolicy: 'sparing',
        hashtagPolicy: 'platform-norm',
        bannedWords: ['synergy', 'game-changer'],
        signOff: '',
      },
    }));
  context.note(existing ? `Using profile @${HANDLE} in ${app.config.dataDir}` : `Created profile @${HANDLE} in ${app.config.dataDir}`);

  const progress = await createProgressBar(context.stderr, !context.json && !context.options.quiet);
  let summary;
  try {
    summary = await (await app.imports()).run({
      workspace: scope.workspace,
      handle: HANDLE,
      source: await openExportSource(SAMPLE_ARCHIVE),
      format: 'auto',
      signal: context.signal,
      onProgress: progress.listener,
    });
  } finally {
    progress.stop();
  }
  const page = await app.posts.list(scope, { handle: HANDLE, limit: 10 });
  context.print({ profile, import: summary, latest: page.posts }, () =>
    [
      `Imported ${summary.imported} posts (${summary.duplicates} already there; skipped: ${JSON.stringify(summary.skipped)}).`,
      '',
      `Latest posts of @${profile.handle}:`,
      table(
        ['ID', 'DATE', 'LIKES', 'TEXT'],
        page.posts.map((post) => [String(post.id), (post.publishedAt ?? '').slice(0, 10), String(post.engagement.likes ?? '—'), truncate(post.text, 72)]),
      ),
      '',
      'Next: smm post list --profile acme-coffee --search "cold brew"   ·   smm --help',
    ].join('\n'),
  );
}

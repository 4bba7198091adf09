import path from 'node:path';
import { openExportSource } from '../../../adapters/files/index.js';
import { packageRoot } from '../../../app/package-root.js';
import type { CliContext } from '../cli-context.js';
import { table, truncate } from '../format-text.js';
import { createProgressBar } from '../progress-bar.js';
import { progressNotes, renderGeneration, shownOnTerminal } from './generate-commands.js';

const SAMPLE_ARCHIVE = path.join(packageRoot(), 'samples', 'acme-coffee-x-archive');
const HANDLE = 'acme-coffee';
const DEMO_TOPIC = 'our new Ethiopian natural roast: blueberry, jasmine, and how to brew it as a pour-over';

/**
 * The main job on embedded defaults, end to end: a sample profile, its past
 * posts imported from a bundled X archive, its latest posts listed, then
 * three new posts written in its voice by the configured model (the embedded
 * default downloads once, with progress).
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
      scope,
      handle: HANDLE,
      source: await openExportSource(SAMPLE_ARCHIVE),
      format: 'auto',
      signal: context.signal,
      onProgress: progress.listener,
    });
  } finally {
    progress.stop();
  }
  const page = await app.posts.list(scope, { handle: HANDLE, limit: 5 });
  if (!context.json) {
    context.stdout.write([
      `Imported ${summary.imported} posts (${summary.duplicates} already there; skipped: ${JSON.stringify(summary.skipped)}).`,
      '',
      `Latest posts of @${profile.handle}:`,
      table(
        ['ID', 'DATE', 'LIKES', 'TEXT'],
        page.posts.map((post) => [String(post.id), (post.publishedAt ?? '').slice(0, 10), String(post.engagement.likes ?? '—'), truncate(post.text, 72)]),
      ),
    ].join('\n') + '\n');
  }

  const model = await app.chatModel();
  context.note(`\nWriting 3 X posts on "${DEMO_TOPIC}" in the voice of @${HANDLE} with ${model.id}…`);
  const generation = await app.generation();
  const notes = progressNotes(context);
  const result = await generation.generate(scope, {
    handle: HANDLE,
    platform: 'x',
    topic: DEMO_TOPIC,
    n: 3,
    signal: context.signal,
    onProgress: notes.onProgress,
    onToken: notes.onToken,
  });
  context.print({ profile, import: summary, latest: page.posts, generation: result }, () =>
    `${renderGeneration(result, shownOnTerminal(context, notes))}\n\nNext: smm post list --profile ${HANDLE} --status draft   ·   smm voice show ${HANDLE}   ·   smm --help`,
  );
}

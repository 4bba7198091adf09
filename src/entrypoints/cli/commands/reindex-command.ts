import type { CliContext } from '../cli-context.js';
import { createProgressBar } from '../progress-bar.js';

export async function reindexCommand(context: CliContext, options: { profile?: string }): Promise<void> {
  const app = await context.app();
  const workspace = await app.profiles.workspace(context.scope);
  const profile = options.profile ? await app.profiles.get(context.scope, options.profile) : undefined;
  const indexing = await app.indexing();
  const progress = await createProgressBar(context.stderr, !context.json && !context.options.quiet);
  const started = performance.now();
  let result;
  try {
    result = await indexing.reindex({ workspaceId: workspace.id, profileId: profile?.id, signal: context.signal, onProgress: progress.listener });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = seconds > 0 ? Math.round(result.upserted / seconds) : result.upserted;
  context.print({ ...result, seconds, postsPerSecond: perSecond }, () =>
    `Reindexed ${result.upserted} posts (${result.scope}${profile ? ` @${profile.handle}` : ''}) with ${result.embedder} in ${seconds.toFixed(1)} s (${perSecond}/s); ${result.remaining} pending.`,
  );
}

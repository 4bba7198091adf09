import path from 'node:path';
import type { CliContext } from '../cli-context.js';
import { createProgressBar } from '../progress-bar.js';

export async function backupCommand(context: CliContext, file: unknown): Promise<void> {
  const app = await context.app();
  const target = path.resolve(String(file));
  const progress = await createProgressBar(context.stderr, !context.json && !context.options.quiet);
  try {
    await app.storage.backup(target, progress.listener);
  } finally {
    progress.stop();
  }
  context.print({ backup: target }, () => `Backed up the database to ${target}.`);
}

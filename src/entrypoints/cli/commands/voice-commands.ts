import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../../../core/errors.js';
import type { CliContext } from '../cli-context.js';
import { renderGuidance } from './voice-guidance-commands.js';

interface ScoreOptions {
  text?: string;
  file?: string;
}

export async function voiceShow(context: CliContext, handle: unknown): Promise<void> {
  const app = await context.app();
  const voiceView = await (await app.voice()).show(context.scope, String(handle));
  const learnt = await app.edits.show(context.scope, String(handle));
  const view = { ...voiceView, editGuidance: learnt };
  context.print(view, () => {
    const guide = view.voiceGuide;
    return [
      `Voice of @${view.handle}`,
      '',
      'Written voice guide',
      `  tone: ${guide.tone || '—'}`,
      `  do: ${guide.do.join('; ') || '—'}`,
      `  don't: ${guide.dont.join('; ') || '—'}`,
      `  emoji: ${guide.emojiPolicy} · hashtags: ${guide.hashtagPolicy} · banned: ${guide.bannedWords.join(', ') || '—'} · sign-off: ${guide.signOff || '—'}`,
      '',
      `Derived from ${view.sampleCount} past posts`,
      ...view.summary.map((line) => `  ${line}`),
      '',
      ...renderGuidance(learnt),
    ].join('\n');
  });
}

export async function voiceScore(context: CliContext, handle: unknown, options: ScoreOptions): Promise<void> {
  let text = options.text;
  if (options.file !== undefined) text = await readFile(options.file, 'utf8');
  if (!text?.trim()) throw new InvalidInputError('Nothing to score.', { hint: 'Pass --text "…" or --file path.txt.' });
  const app = await context.app();
  const result = await (await app.voice()).score(context.scope, String(handle), text);
  context.print(result, () => [`Voice score for @${String(handle)}: ${result.score}/100`, ...result.notes.map((note) => `  · ${note}`)].join('\n'));
}

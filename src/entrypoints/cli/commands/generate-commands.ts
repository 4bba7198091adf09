import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../../../core/errors.js';
import type { GeneratedVariant, GenerationResult } from '../../../core/generation/index.js';
import type { ProgressEvent } from '../../../core/ports.js';
import { parsePlatform, type Platform } from '../../../core/platforms/index.js';
import type { CliContext } from '../cli-context.js';
import { progressText } from '../../progress-text.js';

interface GenerateOptions {
  profile: string;
  platform: string;
  topic?: string;
  n?: string;
  sourceFile?: string;
  sourceUrlText?: string;
  thread?: boolean;
  stream?: boolean;
}

interface RewriteOptions {
  to?: string;
  shorter?: boolean;
  longer?: boolean;
  instruction?: string;
  n?: string;
}

function requirePlatform(value: string, flag: string): Platform {
  const platform = parsePlatform(value);
  if (!platform) throw new InvalidInputError(`Unknown platform "${value}" for ${flag}.`, { hint: 'Use one of: x, linkedin, instagram, threads, bluesky, mastodon, facebook.' });
  return platform;
}

function variantCount(value: string | undefined): number {
  const count = value === undefined ? 3 : Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 10) throw new InvalidInputError(`-n must be a whole number from 1 to 10, got "${value}".`);
  return count;
}

/** What progressNotes shows while the model works, and what it has shown. */
export interface ProgressNotes {
  onProgress: (event: ProgressEvent) => void;
  onToken: (token: string) => void;
  /** Texts of the variants already printed in full on the terminal, by their place in the result. */
  shown: Map<number, string>;
}

/**
 * Progress on stderr while the model works (never on stdout): a line per
 * step, and on a terminal a live count of the tokens written so far, since a
 * CPU model can take a minute; each variant is printed in full on the
 * terminal as soon as it is written, checked and scored, with the time it took.
 */
export function progressNotes(context: CliContext): ProgressNotes {
  const live = context.stderr.isTTY === true && !context.json && !context.options.quiet;
  const shown = new Map<number, string>();
  let tokens = 0;
  const endLiveLine = () => {
    if (tokens > 0 && live) context.stderr.write('\n');
    tokens = 0;
  };
  return {
    shown,
    onProgress: (event) => {
      endLiveLine();
      if (live && event.variant) {
        const variant = event.variant;
        const when = `${shown.size === 0 ? 'first after' : 'after'} ${(variant.elapsedMs / 1000).toFixed(1)} s`;
        context.stderr.write(`── Variant ${variant.index + 1} (${when}) — ${variantFigures(variant)}\n${variant.text}\n\n`);
        shown.set(variant.index, variant.text);
        return;
      }
      context.note(`… ${progressText(event)}`);
    },
    onToken: () => {
      tokens += 1;
      if (live && (tokens === 1 || tokens % 5 === 0)) context.stderr.write(`\r  writing… ${tokens} token${tokens === 1 ? "" : "s"}`);
    },
  };
}

function variantFigures(variant: Pick<GeneratedVariant, 'length' | 'limit' | 'voiceScore' | 'valid'>): string {
  return `${variant.length}/${variant.limit} · voice ${variant.voiceScore ?? '—'}/100 · ${variant.valid ? 'ok' : 'INVALID'}`;
}

/**
 * The result for people. Variants already printed on the same terminal while
 * they were written (`shownAbove`, unchanged since) get their header only.
 */
export function renderGeneration(result: GenerationResult, shownAbove: ReadonlyMap<number, string> = new Map()): string {
  const lines: string[] = [];
  result.variants.forEach((variant, index) => {
    const header = `── Variant ${index + 1} (post ${variant.postId}, draft) — ${variantFigures(variant)}`;
    if (shownAbove.get(index) === variant.text && variant.violations.length === 0) {
      lines.push(`${header} · shown above`);
      for (const reason of variant.editFit?.reasons ?? []) lines.push(`  ↓ ${reason}`);
      lines.push('');
      return;
    }
    lines.push(header);
    if (variant.parts && variant.parts.length > 1) variant.parts.forEach((part, partIndex) => lines.push(`[${partIndex + 1}] ${part}`));
    else lines.push(variant.text);
    if (variant.hashtags.length > 0) lines.push(`hashtags: ${variant.hashtags.join(' ')}`);
    for (const violation of variant.violations) lines.push(`  ✗ ${violation.message}`);
    for (const reason of variant.editFit?.reasons ?? []) lines.push(`  ↓ ${reason}`);
    if (variant.voiceNotes.length > 0 && !variant.violations.some((violation) => violation.rule === 'voice')) lines.push(`  voice: ${variant.voiceNotes.join('; ')}`);
    lines.push('');
  });
  const examples = result.examples.map((example) => `#${example.postId}`).join(', ') || 'none';
  lines.push(`Examples used (${result.retrieval}): ${examples}`);
  lines.push(`Model ${result.model} · ${result.usage.promptTokens}+${result.usage.completionTokens} tokens · ${result.latencyMs} ms · generation ${result.generationId}`);
  lines.push('Approve one with: smm post approve <id>   (or schedule it: smm post schedule <id> --at "YYYY-MM-DD HH:MM")');
  return lines.join('\n');
}

/** Variants printed on stderr count as shown only when stdout is the same terminal. */
export function shownOnTerminal(context: CliContext, notes: ProgressNotes): ReadonlyMap<number, string> {
  return context.stdout.isTTY === true ? notes.shown : new Map();
}

export async function generateCommand(context: CliContext, options: GenerateOptions): Promise<void> {
  const platform = requirePlatform(options.platform, '--platform');
  let sourceText = options.sourceUrlText;
  if (options.sourceFile !== undefined) {
    if (sourceText !== undefined) throw new InvalidInputError('Give --source-file or --source-url-text, not both.');
    sourceText = await readFile(options.sourceFile, 'utf8').catch((error: Error) => {
      throw new InvalidInputError(`Cannot read ${options.sourceFile}: ${error.message}.`, { cause: error });
    });
  }
  const topic = options.topic?.trim() ?? '';
  if (!topic && !sourceText) throw new InvalidInputError('Say what to write about.', { hint: 'Pass --topic "<brief>" (or --source-file F to repurpose a text).' });
  const app = await context.app();
  const generation = await app.generation();
  const notes = progressNotes(context);
  const result = await generation.generate(context.scope, {
    handle: options.profile,
    platform,
    topic,
    n: variantCount(options.n),
    sourceText,
    thread: options.thread === true,
    signal: context.signal,
    onProgress: notes.onProgress,
    onToken: notes.onToken,
  });
  context.print(result, () => renderGeneration(result, shownOnTerminal(context, notes)));
}

export async function rewriteCommand(context: CliContext, id: unknown, options: RewriteOptions): Promise<void> {
  const postId = Number(id);
  if (!Number.isSafeInteger(postId) || postId <= 0) throw new InvalidInputError(`"${String(id)}" is not a post id.`);
  const modes = [options.to !== undefined, options.shorter === true, options.longer === true].filter(Boolean).length;
  if (modes === 0 && !options.instruction) throw new InvalidInputError('Say how to rewrite.', { hint: 'Pass --to <platform>, --shorter, --longer or --instruction "<text>".' });
  if (options.shorter && options.longer) throw new InvalidInputError('Use --shorter or --longer, not both.');
  const app = await context.app();
  const generation = await app.generation();
  const notes = progressNotes(context);
  const result = await generation.rewrite(context.scope, {
    postId,
    to: options.to === undefined ? undefined : requirePlatform(options.to, '--to'),
    shorter: options.shorter,
    longer: options.longer,
    instruction: options.instruction,
    n: options.n === undefined ? undefined : variantCount(options.n),
    signal: context.signal,
    onProgress: notes.onProgress,
    onToken: notes.onToken,
  });
  context.print(result, () => renderGeneration(result, shownOnTerminal(context, notes)));
}

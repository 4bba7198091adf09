import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../../../core/errors.js';
import type { GenerationResult } from '../../../core/generation/generation-service.js';
import { parsePlatform, type Platform } from '../../../core/platforms/platform-id.js';
import type { CliContext } from '../cli-context.js';

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

/**
 * Progress on stderr while the model works (never on stdout): a line per
 * step, and on a terminal a live count of the tokens written so far, since a
 * CPU model can take a minute.
 */
export function progressNotes(context: CliContext): { onProgress: (event: { message?: string; phase: string }) => void; onToken: (token: string) => void } {
  const live = context.stderr.isTTY === true && !context.json && !context.options.quiet;
  let tokens = 0;
  const endLiveLine = () => {
    if (tokens > 0 && live) context.stderr.write('\n');
    tokens = 0;
  };
  return {
    onProgress: (event) => {
      endLiveLine();
      context.note(`… ${event.message ?? event.phase}`);
    },
    onToken: () => {
      tokens += 1;
      if (live && (tokens === 1 || tokens % 5 === 0)) context.stderr.write(`\r  writing… ${tokens} token${tokens === 1 ? "" : "s"}`);
    },
  };
}

export function renderGeneration(result: GenerationResult): string {
  const lines: string[] = [];
  result.variants.forEach((variant, index) => {
    const status = variant.valid ? 'ok' : 'INVALID';
    lines.push(`── Variant ${index + 1} (post ${variant.postId}, draft) — ${variant.length}/${variant.limit} · voice ${variant.voiceScore}/100 · ${status}`);
    if (variant.parts && variant.parts.length > 1) variant.parts.forEach((part, partIndex) => lines.push(`[${partIndex + 1}] ${part}`));
    else lines.push(variant.text);
    if (variant.hashtags.length > 0) lines.push(`hashtags: ${variant.hashtags.join(' ')}`);
    for (const violation of variant.violations) lines.push(`  ✗ ${violation.message}`);
    for (const reason of variant.editFit?.reasons ?? []) lines.push(`  ↓ ${reason}`);
    lines.push('');
  });
  const examples = result.examples.map((example) => `#${example.postId}`).join(', ') || 'none';
  lines.push(`Examples used (${result.retrieval}): ${examples}`);
  lines.push(`Model ${result.model} · ${result.usage.promptTokens}+${result.usage.completionTokens} tokens · ${result.latencyMs} ms · generation ${result.generationId}`);
  lines.push('Approve one with: smm post approve <id>   (or schedule it: smm post schedule <id> --at "YYYY-MM-DD HH:MM")');
  return lines.join('\n');
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
  const result = await generation.generate(context.scope, {
    handle: options.profile,
    platform,
    topic,
    n: variantCount(options.n),
    sourceText,
    thread: options.thread === true,
    signal: context.signal,
    ...progressNotes(context),
  });
  context.print(result, () => renderGeneration(result));
}

export async function rewriteCommand(context: CliContext, id: unknown, options: RewriteOptions): Promise<void> {
  const postId = Number(id);
  if (!Number.isSafeInteger(postId) || postId <= 0) throw new InvalidInputError(`"${String(id)}" is not a post id.`);
  const modes = [options.to !== undefined, options.shorter === true, options.longer === true].filter(Boolean).length;
  if (modes === 0 && !options.instruction) throw new InvalidInputError('Say how to rewrite.', { hint: 'Pass --to <platform>, --shorter, --longer or --instruction "<text>".' });
  if (options.shorter && options.longer) throw new InvalidInputError('Use --shorter or --longer, not both.');
  const app = await context.app();
  const generation = await app.generation();
  const result = await generation.rewrite(context.scope, {
    postId,
    to: options.to === undefined ? undefined : requirePlatform(options.to, '--to'),
    shorter: options.shorter,
    longer: options.longer,
    instruction: options.instruction,
    n: options.n === undefined ? undefined : variantCount(options.n),
    signal: context.signal,
    ...progressNotes(context),
  });
  context.print(result, () => renderGeneration(result));
}

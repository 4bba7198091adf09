/**
 * `npm run eval:voice -- <train.jsonl> <test.jsonl>`: measures the voice
 * model on an authorship set (lines `{"author","text","time"}`): one
 * fingerprint per author from train, every test post scored against every
 * profile. Progress goes to stderr; the last stdout line is
 * `voice top1=X top5=Y` (workspace background, 4 decimals).
 * Without arguments it reads ../shared/fixtures/voice-devset/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEAM_BACKGROUND_POSTS } from '../src/adapters/voice/background/team-posts.js';
import { loadBrownBackground } from './voice-brown-background.js';
import type { LinkMode } from '../src/core/voice/voice-features.js';
import type { AuthoredPost } from '../src/core/voice/voice-evaluation.js';
import { evaluateClosedSet, evaluateVerification, splitByTime } from '../src/core/voice/voice-model-evaluation.js';

function readJsonLines(file: string): AuthoredPost[] {
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}. Pass the train and test JSONL files.`, { cause: error });
  }
  const posts: AuthoredPost[] = [];
  body.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1} is not JSON. Each line must be {"author","text","time"}.`, { cause: error });
    }
    const record = value as Partial<AuthoredPost>;
    if (typeof record.author !== 'string' || typeof record.text !== 'string') {
      throw new Error(`${file}:${index + 1} lacks a string "author" or "text". Each line must be {"author","text","time"}.`);
    }
    posts.push({ author: record.author, text: record.text, time: typeof record.time === 'string' ? record.time : undefined });
  });
  return posts;
}

interface Arguments {
  files: string[];
  links: LinkMode;
  verify: boolean;
  baseline: boolean;
  tune: boolean;
  background: string;
  c?: number;
  /** Only authors whose name matches (to check a choice on groups of authors). */
  authors?: RegExp;
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { files: [], links: 'mask', verify: false, baseline: false, tune: false, background: 'brown' };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined) throw new Error(`${argument} needs a value.`);
      index += 1;
      return next;
    };
    if (argument === '--verify') parsed.verify = true;
    else if (argument === '--fingerprint-baseline') parsed.baseline = true;
    else if (argument === '--tune') parsed.tune = true;
    else if (argument === '--links') {
      const mode = value();
      if (mode !== 'mask' && mode !== 'keep') throw new Error(`--links takes mask or keep, not "${mode}".`);
      parsed.links = mode;
    } else if (argument === '--background') parsed.background = value();
    else if (argument === '--c') parsed.c = Number(value());
    else if (argument === '--authors') parsed.authors = new RegExp(value(), 'iu');
    else if (argument.startsWith('--')) throw new Error(`Unknown option ${argument}. Options: --links mask|keep, --verify, --tune, --background brown|team|none, --c N, --authors REGEX.`);
    else parsed.files.push(argument);
  }
  return parsed;
}

function backgroundTexts(name: string): string[] {
  const texts: string[] = [];
  for (const part of name.split('+')) {
    if (part === 'none') continue;
    else if (part === 'brown') texts.push(...loadBrownBackground());
    else if (part === 'team') texts.push(...TEAM_BACKGROUND_POSTS);
    // The first 91 team posts were written before looking at the kinds of accounts in the dev set.
    else if (part === 'team-generic') texts.push(...TEAM_BACKGROUND_POSTS.slice(0, 91));
    else if (part === 'others') continue;
    else throw new Error(`Unknown background "${part}". Known: brown, team, team-generic, others (--verify only: the other authors' TRAIN posts), none; join with +.`);
  }
  return texts;
}

async function main(): Promise<void> {
  // dist-bench/bench/eval-voice.js → the project root is two folders up.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const devset = path.resolve(root, '..', 'shared', 'fixtures', 'voice-devset');
  const options = parseArguments(process.argv.slice(2));
  const [trainFile = path.join(devset, 'train.jsonl'), testFile = path.join(devset, 'test.jsonl')] = options.files;
  let train = readJsonLines(trainFile);
  let test = options.tune ? [] : readJsonLines(testFile);
  const pattern = options.authors;
  if (pattern) {
    train = train.filter((post) => pattern.test(post.author));
    test = test.filter((post) => pattern.test(post.author));
  }
  if (options.tune) {
    // Tuning never reads TEST: each author's newest 30 train posts check what the older ones fit.
    const split = splitByTime(train, 30);
    train = split.fit;
    test = split.check;
  }
  const background = backgroundTexts(options.background);
  const authors = new Set(train.map((post) => post.author)).size;
  console.error(`${authors} authors, ${train.length} train posts, ${test.length} test posts, background ${options.background} (${background.length} texts), links ${options.links}${options.tune ? ', tuning split inside TRAIN' : ''}`);
  const started = performance.now();
  let reported = 0;
  const onProgress = (done: number, total: number): void => {
    const percent = Math.floor((done / total) * 10) * 10;
    if (percent > reported || done === total) {
      reported = percent;
      console.error(`${done}/${total}`);
    }
  };
  const figure = (value: number): string => value.toFixed(4);
  const common = { links: options.links, background, c: options.c, onProgress, otherAuthorsAsBackground: options.background.split('+').includes('others'), fingerprintBaseline: options.baseline };
  if (options.verify) {
    const result = await evaluateVerification(train, test, common);
    for (const entry of result.perAuthor) console.error(`  ${entry.author}: auc=${figure(entry.auc)} tpr@fpr10=${figure(entry.tprAtFpr10)}`);
    console.log(`seconds=${((performance.now() - started) / 1000).toFixed(1)}`);
    console.log(`voice auc=${figure(result.auc)} tpr@fpr10=${figure(result.tprAtFpr10)}`);
    return;
  }
  const result = await evaluateClosedSet(train, test, common);
  console.log(`authors=${authors} train=${train.length} test=${result.testPosts} seconds=${((performance.now() - started) / 1000).toFixed(1)}`);
  console.log(`voice top1=${figure(result.top1)} top5=${figure(result.top5)}`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

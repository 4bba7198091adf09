import type { Platform } from './platform-id.js';
import { PLATFORM_RULES } from './platform-rules.js';
import type { Measurement, RuleOverrides, Violation } from './rule-types.js';
import { findBannedWords } from './banned-words.js';
import { measure } from './text-length.js';
import { emojisOf } from './text-units.js';

export { splitThread } from './thread-split.js';

export type HashtagPolicy = 'none' | 'platform-norm' | 'free';
export type EmojiPolicy = 'none' | 'sparing' | 'free';

export interface PlatformCheckOptions {
  overrides?: RuleOverrides;
  /** Words or phrases the voice never uses (case-insensitive, whole words). */
  bannedWords?: readonly string[];
  /** Default 'platform-norm': at most the platform's usual number of hashtags. */
  hashtagPolicy?: HashtagPolicy;
  /** Default 'free': no emoji rule. */
  emojiPolicy?: EmojiPolicy;
}

export interface PlatformCheckResult {
  measurement: Measurement;
  /** Empty when the text can be published as is. */
  violations: Violation[];
}

/** How many emoji 'sparing' allows in a text of this length: one per 150 characters, at least 2. */
export function sparingEmojiAllowance(length: number): number {
  return Math.max(2, Math.ceil(length / 150));
}

function unitWords(measurement: Measurement): string {
  if (measurement.unit === 'weighted') return 'weighted characters (URLs count 23, emoji and CJK 2)';
  if (measurement.platform === 'mastodon') return 'characters (URLs count 23)';
  return 'characters';
}

function quoteList(values: readonly string[], prefix = ''): string {
  return values.map((value) => `${prefix}${value}`).join(' ');
}

function hashtagViolation(platform: Platform, hashtags: readonly string[], policy: HashtagPolicy, overrides: RuleOverrides): Violation | undefined {
  const rule = PLATFORM_RULES[platform];
  const count = hashtags.length;
  if (count === 0) return undefined;
  if (policy === 'none') {
    return {
      rule: 'hashtags',
      message: `Uses ${count} hashtag${count === 1 ? '' : 's'} (${quoteList(hashtags, '#')}) but this voice uses none: remove them or turn them into plain words.`,
      details: { count, limit: 0, hashtags },
    };
  }
  const normLimit = overrides.maxHashtags ?? rule.maxHashtags;
  const limit = policy === 'free' ? rule.hardMaxHashtags : rule.hardMaxHashtags === undefined ? normLimit : Math.min(normLimit, rule.hardMaxHashtags);
  if (limit === undefined || count <= limit) return undefined;
  const norm = policy === 'free' ? `${rule.name} accepts at most ${limit}.` : `the norm on ${rule.name} is at most ${limit}: ${rule.hashtagNorm}`;
  return {
    rule: 'hashtags',
    message: `${count} hashtags (${quoteList(hashtags, '#')}); ${norm} Remove at least ${count - limit}.`,
    details: { count, limit, hashtags },
  };
}

function emojiViolation(text: string, length: number, policy: EmojiPolicy): Violation | undefined {
  if (policy === 'free') return undefined;
  const emojis = emojisOf(text);
  if (emojis.length === 0) return undefined;
  if (policy === 'none') {
    return {
      rule: 'emoji',
      message: `Uses ${emojis.length} emoji (${quoteList(emojis)}) but this voice uses none: remove them.`,
      details: { count: emojis.length, limit: 0 },
    };
  }
  const allowance = sparingEmojiAllowance(length);
  if (emojis.length <= allowance) return undefined;
  return {
    rule: 'emoji',
    message: `Uses ${emojis.length} emoji (${quoteList(emojis)}); this voice uses them sparingly: keep at most ${allowance}.`,
    details: { count: emojis.length, limit: allowance },
  };
}

/**
 * Checks a text against a platform's rules and a voice's policies. Every
 * violation's message says what is wrong and how much to change, so that a
 * person or a language model can repair the text in one go.
 */
export function checkPlatformRules(platform: Platform, text: string, options: PlatformCheckOptions = {}): PlatformCheckResult {
  const rule = PLATFORM_RULES[platform];
  const overrides = options.overrides ?? {};
  const measurement = measure(platform, text, overrides);
  const violations: Violation[] = [];

  if (text.trim() === '') {
    violations.push({ rule: 'empty', message: `The post is empty: write the text of the ${rule.name} post.` });
    return { measurement, violations };
  }

  if (measurement.length > measurement.limit) {
    const excess = measurement.length - measurement.limit;
    violations.push({
      rule: 'length',
      message:
        `Too long for ${rule.name}: ${measurement.length}/${measurement.limit} ${unitWords(measurement)}: cut at least ${excess}` +
        (rule.threads ? ' (or split it into a thread).' : '.'),
      details: { length: measurement.length, limit: measurement.limit, unit: measurement.unit, excess },
    });
  }

  if (measurement.bytes !== undefined && measurement.byteLimit !== undefined && measurement.bytes > measurement.byteLimit) {
    const excess = measurement.bytes - measurement.byteLimit;
    violations.push({
      rule: 'bytes',
      message: `Too large for ${rule.name}: ${measurement.bytes}/${measurement.byteLimit} bytes of UTF-8 (emoji and non-Latin letters take 2-4 bytes each): cut at least ${excess} bytes.`,
      details: { bytes: measurement.bytes, limit: measurement.byteLimit, excess },
    });
  }

  const hashtags = hashtagViolation(platform, measurement.hashtags, options.hashtagPolicy ?? 'platform-norm', overrides);
  if (hashtags) violations.push(hashtags);

  if (rule.maxLinks !== undefined && measurement.links.length > rule.maxLinks) {
    const count = measurement.links.length;
    violations.push({
      rule: 'links',
      message: `${count} links; ${rule.name} accepts at most ${rule.maxLinks}: remove at least ${count - rule.maxLinks}.`,
      details: { count, limit: rule.maxLinks, links: measurement.links },
    });
  }

  if (rule.maxMentions !== undefined && measurement.mentions.length > rule.maxMentions) {
    const count = measurement.mentions.length;
    violations.push({
      rule: 'mentions',
      message: `${count} mentions; ${rule.name} accepts at most ${rule.maxMentions}: remove at least ${count - rule.maxMentions}.`,
      details: { count, limit: rule.maxMentions },
    });
  }

  const emoji = emojiViolation(text, measurement.length, options.emojiPolicy ?? 'free');
  if (emoji) violations.push(emoji);

  for (const hit of findBannedWords(text, options.bannedWords ?? [])) {
    violations.push({
      rule: 'banned-word',
      message: `Uses the banned word "${hit.word}"${hit.count > 1 ? ` ${hit.count} times` : ''}: rephrase without it.`,
      details: { word: hit.word, count: hit.count },
    });
  }

  return { measurement, violations };
}

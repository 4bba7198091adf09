import twitter from 'twitter-text';
import type { Platform } from './platform-id.js';
import { PLATFORM_RULES } from './platform-rules.js';
import type { Measurement, RuleOverrides } from './rule-types.js';
import { countGraphemes, utf8Length } from './text-units.js';

/** A hashtag, link or mention with its UTF-16 range in the text. */
export interface TextEntity {
  kind: 'hashtag' | 'link' | 'mention';
  /** Hashtag without "#", mention without the leading "@" (Mastodon: "user@server"), link as written. */
  value: string;
  start: number;
  end: number;
}

// Mastodon's Account::MENTION_RE: @user or @user@server, not after "=", "/" or a word character.
const MASTODON_MENTION = /(?<![=/\p{L}\p{N}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([\p{L}\p{N}_.-]+[\p{L}\p{N}_]))?/giu;
// A Bluesky handle is a domain name: @alice.bsky.social.
const BLUESKY_MENTION = /(?<=^|[\s(])@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)(?![\w.-]*[\w-])/giu;

/**
 * Links as the platform detects them. Mastodon links only URLs with a scheme;
 * the others (like twitter-text) also link bare domains such as bbc.in/abc.
 */
function linksOf(platform: Platform, text: string): TextEntity[] {
  const options = { extractUrlsWithoutProtocol: platform !== 'mastodon' };
  return twitter.extractUrlsWithIndices(text, options).map(({ url, indices }) => ({
    kind: 'link' as const,
    value: url,
    start: indices[0],
    end: indices[1],
  }));
}

function mentionsOf(platform: Platform, text: string, links: readonly TextEntity[]): TextEntity[] {
  const insideLink = (start: number): boolean => links.some((link) => start >= link.start && start < link.end);
  if (platform === 'mastodon' || platform === 'bluesky') {
    const pattern = platform === 'mastodon' ? MASTODON_MENTION : BLUESKY_MENTION;
    const found: TextEntity[] = [];
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      if (insideLink(start)) continue;
      const value = match[2] === undefined ? (match[1] ?? '') : `${match[1]}@${match[2]}`;
      found.push({ kind: 'mention', value, start, end: start + match[0].length });
    }
    return found;
  }
  return twitter
    .extractMentionsWithIndices(text)
    .filter(({ indices }) => !insideLink(indices[0]))
    .map(({ screenName, indices }) => ({ kind: 'mention' as const, value: screenName, start: indices[0], end: indices[1] }));
}

function hashtagsOf(text: string, links: readonly TextEntity[]): TextEntity[] {
  return twitter
    .extractHashtagsWithIndices(text)
    .filter(({ indices }) => !links.some((link) => indices[0] >= link.start && indices[0] < link.end))
    .map(({ hashtag, indices }) => ({ kind: 'hashtag' as const, value: hashtag, start: indices[0], end: indices[1] }));
}

/** Hashtags, links and mentions of a text as the platform sees them, in text order. */
export function extractEntities(platform: Platform, text: string): TextEntity[] {
  const links = linksOf(platform, text);
  const entities = [...links, ...mentionsOf(platform, text, links), ...hashtagsOf(text, links)];
  return entities.sort((a, b) => a.start - b.start);
}

/**
 * Mastodon's countable text: every URL becomes 23 characters and a remote
 * mention `@user@server` counts as `@user` (status_length_validator.rb).
 */
function mastodonCountableText(text: string, entities: readonly TextEntity[]): string {
  let result = '';
  let cursor = 0;
  for (const entity of entities) {
    if (entity.kind === 'hashtag' || entity.start < cursor) continue;
    result += text.slice(cursor, entity.start);
    result += entity.kind === 'link' ? 'x'.repeat(PLATFORM_RULES.mastodon.urlWeight ?? 23) : `@${entity.value.split('@')[0]}`;
    cursor = entity.end;
  }
  return result + text.slice(cursor);
}

/** Length of a text as the platform counts it, without extracting anything else. */
export function platformLength(platform: Platform, text: string, entities?: readonly TextEntity[]): number {
  const rule = PLATFORM_RULES[platform];
  if (rule.unit === 'weighted') return twitter.parseTweet(text).weightedLength;
  if (platform === 'mastodon') return countGraphemes(mastodonCountableText(text, entities ?? extractEntities(platform, text)));
  return countGraphemes(text);
}

/**
 * Measures a text as the platform counts it:
 * - X: twitter-text `parseTweet(text).weightedLength` (config v3: URLs 23,
 *   CJK and emoji 2, an emoji sequence with skin tone or ZWJ once);
 * - Bluesky: graphemes, plus the UTF-8 size against the 3,000-byte limit;
 * - Mastodon: graphemes, with every URL counted as 23 and `@user@server` as `@user`;
 * - Threads, Instagram, LinkedIn, Facebook: graphemes. Meta and LinkedIn say
 *   "characters"; graphemes are what a person counts and never undercount an
 *   emoji sequence the way UTF-16 `.length` overcounts it. Threads may count
 *   emoji by bytes (unsure, see PLATFORMS.md): leave margin there.
 */
export function measure(platform: Platform, text: string, overrides: RuleOverrides = {}): Measurement {
  const rule = PLATFORM_RULES[platform];
  const entities = extractEntities(platform, text);
  const measurement: Measurement = {
    platform,
    length: platformLength(platform, text, entities),
    limit: overrides.limit ?? rule.limit,
    unit: rule.unit,
    hashtags: entities.filter((entity) => entity.kind === 'hashtag').map((entity) => entity.value),
    links: entities.filter((entity) => entity.kind === 'link').map((entity) => entity.value),
    mentions: entities.filter((entity) => entity.kind === 'mention').map((entity) => entity.value),
  };
  if (rule.byteLimit !== undefined) {
    measurement.bytes = utf8Length(text);
    measurement.byteLimit = rule.byteLimit;
  }
  return measurement;
}

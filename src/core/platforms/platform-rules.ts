import type { Platform } from './platform-id.js';

/**
 * How a platform counts a post's length:
 * - `weighted`: twitter-text `parseTweet` (config v3): most Latin-range code
 *   points weigh 1, CJK and emoji 2 (an emoji sequence once), every URL 23.
 * - `graphemes`: user-perceived characters (`Intl.Segmenter`), so an emoji
 *   with a skin tone or a ZWJ family is 1.
 */
export type LengthUnit = 'weighted' | 'graphemes';

/** One platform's publishing rules, as data. Each figure names its source in `sources`. */
export interface PlatformRule {
  platform: Platform;
  /** Display name, e.g. "X" or "LinkedIn". */
  name: string;
  /** Maximum post length in `unit`; a per-call override (paid X, a Mastodon server's max_characters) wins. */
  limit: number;
  unit: LengthUnit;
  /** A second, byte-based limit (UTF-8), when the platform has one (Bluesky). */
  byteLimit?: number;
  /** Weight of any URL regardless of its length, when the platform shortens links; undefined = counted as written. */
  urlWeight?: number;
  /** Remote mentions `@user@domain` count as `@user` (Mastodon). */
  remoteMentionsCountAsLocal: boolean;
  /** Hashtags a post should carry at most under the platform-norm policy. */
  maxHashtags: number;
  /** Hard maximum the platform enforces (Instagram's 30), when it has one. */
  hardMaxHashtags?: number;
  /** The hashtag norm in words, for people and prompts. */
  hashtagNorm: string;
  /** Links a post may hold at most, when the platform caps them (Threads 5). */
  maxLinks?: number;
  /** Mentions a post may hold at most, when the platform caps them. */
  maxMentions?: number;
  /** How mentions work on the platform, in words. */
  mentionNorm: string;
  /** Whether a long text can be published as a numbered thread of posts. */
  threads: boolean;
  /** Anything else a writer or a publisher must know (escaping, non-clickable links). */
  notes: string[];
  /** One line describing the platform's style, used in generation prompts. */
  description: string;
  /** Where the figures come from. */
  sources: string[];
}

const TWITTER_TEXT = 'twitter/twitter-text config/v3.json (maxWeightedTweetLength 280, transformedURLLength 23, weight ranges)';
const POSTIZ = 'gitroomhq/postiz-app libraries/nestjs-libraries/src/integrations/social/ (per-provider limits)';

/**
 * Every platform's rules in one place. When a platform changes a figure,
 * change it here (and its source); nothing else hard-codes these numbers.
 */
export const PLATFORM_RULES: Record<Platform, PlatformRule> = {
  x: {
    platform: 'x',
    name: 'X',
    limit: 280,
    unit: 'weighted',
    urlWeight: 23,
    remoteMentionsCountAsLocal: false,
    maxHashtags: 2,
    hashtagNorm: '1-2 hashtags at most, woven into the sentence or at the end; none is fine.',
    mentionNorm: '@handle; a post starting with a mention is seen mainly by people who follow both accounts.',
    threads: true,
    notes: ['Paid accounts may post longer texts: pass a limit override.', 'Up to 4 images per post.'],
    description: 'X (Twitter): short, punchy posts of at most 280 weighted characters; links count 23; threads for longer ideas.',
    sources: [TWITTER_TEXT, 'X Help Center "Counting characters"'],
  },
  bluesky: {
    platform: 'bluesky',
    name: 'Bluesky',
    limit: 300,
    unit: 'graphemes',
    byteLimit: 3000,
    remoteMentionsCountAsLocal: false,
    maxHashtags: 3,
    hashtagNorm: 'A few hashtags at most (0-3), CamelCase for readability (#OpenSource); feeds pick them up.',
    mentionNorm: '@handle.domain (e.g. @alice.bsky.social); links and mentions become facets with UTF-8 byte offsets.',
    threads: true,
    notes: ['Links are counted as written (no shortening): prefer short URLs.'],
    description: 'Bluesky: conversational posts of at most 300 graphemes (3,000 bytes); full URLs count as written; threads welcome.',
    sources: ['bluesky-social/atproto lexicons/app/bsky/feed/post.json (text maxGraphemes 300, maxLength 3000)'],
  },
  mastodon: {
    platform: 'mastodon',
    name: 'Mastodon',
    limit: 500,
    unit: 'graphemes',
    urlWeight: 23,
    remoteMentionsCountAsLocal: true,
    maxHashtags: 3,
    hashtagNorm: 'A few hashtags (1-3), CamelCase for screen readers (#DataScience); they are how posts are found, there is no algorithm.',
    mentionNorm: '@user@server for people on other servers (counts as @user).',
    threads: true,
    notes: ["500 is the default: read the server's max_characters and pass it as a limit override.", 'Content warnings (CW) are customary for sensitive topics.'],
    description: 'Mastodon: thoughtful, plain-spoken posts of at most 500 characters (URLs count 23); CamelCase hashtags; no marketing tone.',
    sources: ['mastodon/mastodon app/validators/status_length_validator.rb (MAX_CHARS 500, URL_PLACEHOLDER 23 chars, remote mention counted as local)'],
  },
  threads: {
    platform: 'threads',
    name: 'Threads',
    limit: 500,
    unit: 'graphemes',
    remoteMentionsCountAsLocal: false,
    maxHashtags: 1,
    hashtagNorm: 'One topic tag per post at most (only the first hashtag becomes the topic).',
    maxLinks: 5,
    mentionNorm: '@username (Instagram usernames).',
    threads: true,
    notes: ["Meta's docs say emoji count by their UTF-8 bytes (unsure): this tool counts graphemes; leave margin with many emoji."],
    description: 'Threads: casual, conversational posts of at most 500 characters, one topic tag, at most 5 links.',
    sources: ['Meta Threads API "Posts" reference (text 500 characters, 5 links, 1 topic tag)', POSTIZ],
  },
  instagram: {
    platform: 'instagram',
    name: 'Instagram',
    limit: 2200,
    unit: 'graphemes',
    remoteMentionsCountAsLocal: false,
    maxHashtags: 5,
    hardMaxHashtags: 30,
    hashtagNorm: '3-5 relevant hashtags (Meta guidance, late 2025); the API refuses more than 30.',
    maxMentions: 20,
    mentionNorm: '@username; a few (about 3) read naturally; the API refuses more than 20.',
    threads: false,
    notes: ['Links in captions are not clickable: say "link in bio" instead.', 'The first 125 characters show before "more".'],
    description: 'Instagram: a caption of at most 2,200 characters that front-loads its hook; links are not clickable; 3-5 hashtags.',
    sources: ['Meta Instagram Graph API content publishing (caption 2,200 characters, 30 hashtags, 20 @ tags)', 'Instagram @creators guidance on hashtags (3-5), late 2025'],
  },
  linkedin: {
    platform: 'linkedin',
    name: 'LinkedIn',
    limit: 3000,
    unit: 'graphemes',
    remoteMentionsCountAsLocal: false,
    maxHashtags: 5,
    hashtagNorm: '3-5 hashtags at the end of the post.',
    mentionNorm: 'Mentions are tagged through the API (urn), not typed as @name.',
    threads: false,
    notes: [
      'The Posts API "little text" format needs \\ | { } @ [ ] ( ) < > # * _ ~ escaped with a backslash in commentary, or the post is cut at the first one.',
      'About 210 characters show before "see more": front-load the hook.',
    ],
    description: 'LinkedIn: professional, first-person posts of at most 3,000 characters, short paragraphs, a hook in the first line, 3-5 hashtags at the end.',
    sources: ['LinkedIn Marketing API "Posts API" (commentary 3,000 characters) and "Little Text Format" (reserved characters)', POSTIZ],
  },
  facebook: {
    platform: 'facebook',
    name: 'Facebook',
    limit: 63206,
    unit: 'graphemes',
    remoteMentionsCountAsLocal: false,
    maxHashtags: 2,
    hashtagNorm: '0-2 hashtags; they do little on Facebook.',
    mentionNorm: '@Page or @Name mentions are tagged through the API.',
    threads: false,
    notes: ['Posts over about 480 characters are truncated with "See more".'],
    description: 'Facebook: friendly posts; the limit is 63,206 characters but short ones (under 80 words) do best; few or no hashtags.',
    sources: ['Facebook Help Center / Graph API (message 63,206 characters)', POSTIZ],
  },
};

/** The rule of a platform. */
export function ruleOf(platform: Platform): PlatformRule {
  return PLATFORM_RULES[platform];
}

import type { Platform } from './platform-id.js';

/** One broken rule of a variant; `message` is written for a person and for a model doing a repair. */
export interface Violation {
  rule:
    | 'length'
    | 'bytes'
    | 'hashtags'
    | 'links'
    | 'mentions'
    | 'emoji'
    | 'banned-word'
    | 'near-duplicate'
    | 'voice'
    | 'empty'
    | 'thread-part';
  message: string;
  /** Optional figures, e.g. { length: 312, limit: 280 }. */
  details?: Record<string, unknown>;
}

export interface Measurement {
  platform: Platform;
  /** Length as the platform counts it. */
  length: number;
  limit: number;
  unit: 'weighted' | 'graphemes' | 'characters';
  /** UTF-8 size and its limit, for platforms with a byte limit too (Bluesky). */
  bytes?: number;
  byteLimit?: number;
  hashtags: string[];
  links: string[];
  mentions: string[];
}

/** Per-call overrides: paid X accounts, a Mastodon server's max_characters, an Instagram hashtag guidance. */
export interface RuleOverrides {
  limit?: number;
  maxHashtags?: number;
}

import { checkPlatformRules } from '../platforms/platform-check.js';
import type { Platform } from '../platforms/platform-id.js';
import { PLATFORM_RULES } from '../platforms/platform-rules.js';
import type { RuleOverrides, Violation } from '../platforms/rule-types.js';
import { measure } from '../platforms/text-length.js';
import type { VoiceGuide } from '../profiles/profile-schema.js';
import { MAX_THREAD_PARTS, type PostFields } from './post-schema.js';

/** What the rules found in a post: empty `violations` means it can be published as it is. */
export interface PostCheck {
  violations: Violation[];
  /** Length as the platform counts it: the longest part, for a thread. */
  length: number;
  limit: number;
}

export interface PostCheckOptions {
  voice?: Pick<VoiceGuide, 'bannedWords' | 'hashtagPolicy' | 'emojiPolicy'>;
  overrides?: RuleOverrides;
}

/**
 * The violations of a thread's parts: each part must fit the platform on its
 * own (length and bytes as the platform counts them), the platform must have
 * threads, and a thread has at most MAX_THREAD_PARTS parts.
 */
export function threadPartViolations(platform: Platform, parts: readonly string[], overrides: RuleOverrides = {}): Violation[] {
  const rule = PLATFORM_RULES[platform];
  const violations: Violation[] = [];
  if (!rule.threads) {
    violations.push({
      rule: 'thread-part',
      message: `${rule.name} has no threads, and this post is a thread of ${parts.length} parts: join them into one post that fits, or move it to X, Bluesky, Threads or Mastodon.`,
      details: { parts: parts.length },
    });
  }
  if (parts.length > MAX_THREAD_PARTS) {
    violations.push({
      rule: 'thread-part',
      message: `The thread has ${parts.length} parts; keep it to ${MAX_THREAD_PARTS} at most by cutting the text.`,
      details: { parts: parts.length, limit: MAX_THREAD_PARTS },
    });
  }
  parts.forEach((part, index) => {
    const measurement = measure(platform, part, overrides);
    if (part.trim() === '') {
      violations.push({ rule: 'thread-part', message: `Part ${index + 1} of the thread is empty: write it or remove it.`, details: { part: index + 1 } });
    } else if (measurement.length > measurement.limit) {
      violations.push({
        rule: 'thread-part',
        message: `Part ${index + 1} of the thread is ${measurement.length}/${measurement.limit} characters: shorten it by ${measurement.length - measurement.limit}.`,
        details: { part: index + 1, length: measurement.length, limit: measurement.limit },
      });
    } else if (measurement.bytes !== undefined && measurement.byteLimit !== undefined && measurement.bytes > measurement.byteLimit) {
      violations.push({
        rule: 'thread-part',
        message: `Part ${index + 1} of the thread is ${measurement.bytes}/${measurement.byteLimit} bytes of UTF-8: cut at least ${measurement.bytes - measurement.byteLimit} bytes.`,
        details: { part: index + 1, bytes: measurement.bytes, limit: measurement.byteLimit },
      });
    }
  });
  return violations;
}

/**
 * Checks a stored or about-to-be-stored post against its platform's rules and
 * its profile's voice policies (banned words, hashtags, emoji). A thread is
 * checked part by part for length; the other rules apply to its whole text.
 * The same check guards approving and scheduling, and warns on add and edit.
 */
export function checkPost(post: Pick<PostFields, 'platform' | 'text' | 'threadParts'>, options: PostCheckOptions = {}): PostCheck {
  const overrides = options.overrides ?? {};
  const checked = checkPlatformRules(post.platform, post.text, {
    overrides,
    bannedWords: options.voice?.bannedWords,
    hashtagPolicy: options.voice?.hashtagPolicy,
    emojiPolicy: options.voice?.emojiPolicy,
  });
  const parts = post.threadParts;
  if (!parts || parts.length === 0) return { violations: checked.violations, length: checked.measurement.length, limit: checked.measurement.limit };
  const violations = checked.violations.filter((violation) => violation.rule !== 'length' && violation.rule !== 'bytes');
  violations.push(...threadPartViolations(post.platform, parts, overrides));
  const length = Math.max(0, ...parts.map((part) => measure(post.platform, part, overrides).length));
  return { violations, length, limit: checked.measurement.limit };
}

import type { Platform } from '../platforms/platform-id.js';
import { checkPlatformRules, splitThread } from '../platforms/platform-check.js';
import { PLATFORM_RULES } from '../platforms/platform-rules.js';
import type { RuleOverrides, Violation } from '../platforms/rule-types.js';
import type { Post } from '../posts/post-schema.js';
import type { Profile } from '../profiles/profile-schema.js';

/** Threads longer than this are not what anyone reads (and the generator never writes them). */
export const MAX_PUBLISHED_PARTS = 25;

export type PublishParts = { ok: true; parts: string[] } | { ok: false; violations: Violation[] };

/**
 * The rules checked again just before sending: the platform's hard limits
 * (length per part, bytes, links, its hard hashtag cap) and the profile's
 * banned words. A text too long for one post becomes a numbered thread where
 * the platform has threads. Style norms (hashtag and emoji habits) were the
 * reviewer's call when the post was approved; they do not block it here.
 */
export function publishParts(post: Pick<Post, 'platform' | 'text'> & { threadParts?: string[] | null }, profile: Pick<Profile, 'voice'>, overrides: RuleOverrides = {}): PublishParts {
  const platform: Platform = post.platform;
  if (post.threadParts && post.threadParts.length > 0) return storedThread(platform, post.threadParts, profile, overrides);
  const checked = checkPlatformRules(platform, post.text, {
    overrides,
    bannedWords: profile.voice.bannedWords,
    hashtagPolicy: 'free',
    emojiPolicy: 'free',
  });
  const tooLong = checked.violations.some((violation) => violation.rule === 'length' || violation.rule === 'bytes');
  const others = checked.violations.filter((violation) => violation.rule !== 'length' && violation.rule !== 'bytes');
  if (others.length > 0) return { ok: false, violations: checked.violations };
  if (!tooLong) return { ok: true, parts: [post.text.trim()] };
  if (!PLATFORM_RULES[platform].threads) return { ok: false, violations: checked.violations };
  let parts: string[];
  try {
    parts = splitThread(platform, post.text, overrides);
  } catch (error) {
    return { ok: false, violations: [{ rule: 'thread-part', message: error instanceof Error ? error.message : String(error) }] };
  }
  if (parts.length > MAX_PUBLISHED_PARTS) {
    return {
      ok: false,
      violations: [{ rule: 'thread-part', message: `The text makes a thread of ${parts.length} posts; cut it to at most ${MAX_PUBLISHED_PARTS}.`, details: { parts: parts.length } }],
    };
  }
  return { ok: true, parts };
}

/** A thread stored as its parts: each part is checked on its own and sent as written. */
function storedThread(platform: Platform, parts: string[], profile: Pick<Profile, 'voice'>, overrides: RuleOverrides): PublishParts {
  const rule = PLATFORM_RULES[platform];
  const violations: Violation[] = [];
  if (!rule.threads && parts.length > 1) violations.push({ rule: 'thread-part', message: `${rule.name} has no threads: join the ${parts.length} parts into one post.` });
  if (parts.length > MAX_PUBLISHED_PARTS) violations.push({ rule: 'thread-part', message: `The thread has ${parts.length} parts; cut it to at most ${MAX_PUBLISHED_PARTS}.` });
  parts.forEach((part, index) => {
    const checked = checkPlatformRules(platform, part, { overrides, bannedWords: profile.voice.bannedWords, hashtagPolicy: 'free', emojiPolicy: 'free' });
    for (const violation of checked.violations) violations.push({ ...violation, message: `Part ${index + 1}: ${violation.message}` });
  });
  return violations.length > 0 ? { ok: false, violations } : { ok: true, parts: parts.map((part) => part.trim()) };
}

/** A BCP-47 tag in canonical form ("zh-hant" → "zh-Hant"), or null when it is not one (it is then left out, not sent wrong). */
export function publishLanguage(tag: string | null | undefined): string | null {
  if (!tag?.trim()) return null;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

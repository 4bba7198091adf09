import { describe, expect, it } from 'vitest';
import { PLATFORMS } from './platform-id.js';
import { PLATFORM_RULES, ruleOf } from './platform-rules.js';

describe('platform rules', () => {
  it('follow the figures of PLATFORMS.md', () => {
    expect(PLATFORM_RULES.x).toMatchObject({ limit: 280, unit: 'weighted', urlWeight: 23, threads: true });
    expect(PLATFORM_RULES.bluesky).toMatchObject({ limit: 300, unit: 'graphemes', byteLimit: 3000, threads: true });
    expect(PLATFORM_RULES.bluesky.urlWeight).toBeUndefined();
    expect(PLATFORM_RULES.mastodon).toMatchObject({ limit: 500, unit: 'graphemes', urlWeight: 23, remoteMentionsCountAsLocal: true, threads: true });
    expect(PLATFORM_RULES.threads).toMatchObject({ limit: 500, maxLinks: 5, maxHashtags: 1, threads: true });
    expect(PLATFORM_RULES.instagram).toMatchObject({ limit: 2200, maxHashtags: 5, hardMaxHashtags: 30, threads: false });
    expect(PLATFORM_RULES.linkedin).toMatchObject({ limit: 3000, threads: false });
    expect(PLATFORM_RULES.facebook).toMatchObject({ limit: 63206, threads: false });
    expect(PLATFORMS.filter((platform) => PLATFORM_RULES[platform].remoteMentionsCountAsLocal)).toEqual(['mastodon']);
    expect(PLATFORMS.filter((platform) => PLATFORM_RULES[platform].byteLimit !== undefined)).toEqual(['bluesky']);
  });

  it('gives each platform its own rule', () => {
    for (const platform of PLATFORMS) expect(ruleOf(platform)).toBe(PLATFORM_RULES[platform]);
  });
});

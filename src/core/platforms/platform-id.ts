import { z } from 'zod';

/** Every platform a profile can publish on. */
export const PLATFORMS = ['x', 'linkedin', 'instagram', 'threads', 'bluesky', 'mastodon', 'facebook'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

const ALIASES: ReadonlyMap<string, Platform> = new Map([
  ['twitter', 'x'],
  ['bsky', 'bluesky'],
  ['ig', 'instagram'],
  ['fb', 'facebook'],
  ['li', 'linkedin'],
]);

/** Accepts common aliases ("twitter", "bsky", "ig") and returns the canonical id, or undefined. */
export function parsePlatform(value: string): Platform | undefined {
  const key = value.trim().toLowerCase();
  if ((PLATFORMS as readonly string[]).includes(key)) return key as Platform;
  // A Map, not an object literal: "constructor" or "__proto__" must not find Object's own properties.
  return ALIASES.get(key);
}

import { z } from 'zod';

/** Every platform a profile can publish on. */
export const PLATFORMS = ['x', 'linkedin', 'instagram', 'threads', 'bluesky', 'mastodon', 'facebook'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

/** Accepts common aliases ("twitter", "bsky", "ig") and returns the canonical id, or undefined. */
export function parsePlatform(value: string): Platform | undefined {
  const key = value.trim().toLowerCase();
  const aliases: Record<string, Platform> = { twitter: 'x', bsky: 'bluesky', ig: 'instagram', fb: 'facebook', li: 'linkedin' };
  if ((PLATFORMS as readonly string[]).includes(key)) return key as Platform;
  return aliases[key];
}

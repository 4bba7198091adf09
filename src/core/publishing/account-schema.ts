import { z } from 'zod';

/** The platforms `smm` publishes to through their open APIs. */
export const PUBLISHING_PLATFORMS = ['bluesky', 'mastodon'] as const;
export const PublishingPlatformSchema = z.enum(PUBLISHING_PLATFORMS);
export type PublishingPlatform = z.infer<typeof PublishingPlatformSchema>;

export function isPublishingPlatform(platform: string): platform is PublishingPlatform {
  return (PUBLISHING_PLATFORMS as readonly string[]).includes(platform);
}

export const MASTODON_VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
export type MastodonVisibility = (typeof MASTODON_VISIBILITIES)[number];

/** Per-account choices (JSON in storage). */
export const AccountSettingsSchema = z.object({
  /** Mastodon: who sees the statuses. */
  visibility: z.enum(MASTODON_VISIBILITIES).optional(),
});
export type AccountSettings = z.infer<typeof AccountSettingsSchema>;

/** An account a profile publishes to. Its credential never leaves the account service. */
export interface Account {
  id: number;
  profileId: number;
  /** The profile's handle, for display. */
  profileHandle: string;
  platform: PublishingPlatform;
  /** Bluesky handle (or DID), or Mastodon `user@instance`. */
  handle: string;
  /** The PDS or Mastodon instance URL. */
  service: string;
  settings: AccountSettings;
  createdAt: string;
  updatedAt: string;
}

/** An account as storage holds it: with its sealed credential. */
export interface StoredAccount extends Account {
  sealedSecret: string;
}

export interface NewAccount {
  profileId: number;
  platform: PublishingPlatform;
  handle: string;
  service: string;
  settings: AccountSettings;
  sealedSecret: string;
}

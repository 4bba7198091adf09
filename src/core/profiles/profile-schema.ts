import { z } from 'zod';
import { PlatformSchema } from '../platforms/platform-id.js';

export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

export const HandleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HANDLE_PATTERN, 'A handle is 1-64 characters: lowercase letters, digits, "_", "." or "-", starting with a letter or digit.')
  .describe('The profile handle, unique in its workspace, e.g. "acme" or "jane-founder".');

export const WorkspaceNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HANDLE_PATTERN, 'A workspace name is 1-64 characters: lowercase letters, digits, "_", "." or "-".')
  .describe('Workspace name; "default" unless chosen.');

export const EMOJI_POLICIES = ['none', 'sparing', 'free'] as const;
export const HASHTAG_POLICIES = ['none', 'platform-norm', 'free'] as const;

/** The voice guide a person writes for a profile. */
export const VoiceGuideSchema = z.object({
  tone: z.string().max(2000).default('').describe('How the voice sounds, e.g. "warm, direct, a little dry".'),
  do: z.array(z.string().max(500)).max(50).default([]).describe('Things the voice does.'),
  dont: z.array(z.string().max(500)).max(50).default([]).describe("Things the voice never does."),
  emojiPolicy: z.enum(EMOJI_POLICIES).default('sparing').describe('Emoji use: none, sparing or free.'),
  hashtagPolicy: z.enum(HASHTAG_POLICIES).default('platform-norm').describe('Hashtag use: none, platform-norm or free.'),
  bannedWords: z.array(z.string().min(1).max(100)).max(200).default([]).describe('Words or phrases never to use.'),
  signOff: z.string().max(200).default('').describe('A sign-off the voice ends posts with, if any.'),
});
export type VoiceGuide = z.infer<typeof VoiceGuideSchema>;

export const ProfileInputSchema = z.object({
  handle: HandleSchema,
  displayName: z.string().trim().min(1).max(200).describe('Name shown to people, e.g. "Acme Coffee".'),
  description: z.string().max(5000).default('').describe('Who is speaking.'),
  audience: z.string().max(5000).default('').describe('Who they speak to.'),
  platforms: z.array(PlatformSchema).max(7).default([]).describe('Platforms this voice publishes on.'),
  language: z.string().trim().min(2).max(35).default('en').describe('Main language as a BCP 47 tag, e.g. "en", "fr", "zh-Hant".'),
  voice: VoiceGuideSchema.default(VoiceGuideSchema.parse({})).describe(
    'The voice guide: tone, do, dont, emojiPolicy (none, sparing or free), hashtagPolicy (none, platform-norm or free), bannedWords, signOff.',
  ),
});
export type ProfileInput = z.input<typeof ProfileInputSchema>;
export type ProfileFields = z.output<typeof ProfileInputSchema>;

export const ProfilePatchSchema = ProfileInputSchema.omit({ voice: true })
  .partial()
  .extend({ voice: VoiceGuideSchema.partial().optional().describe('Changes to the voice guide; only the fields given change.') });
export type ProfilePatch = z.input<typeof ProfilePatchSchema>;

export interface Profile extends ProfileFields {
  id: number;
  workspace: string;
  /** Open WebUI user (or other owner) inside the workspace; null = shared by the workspace. */
  owner: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

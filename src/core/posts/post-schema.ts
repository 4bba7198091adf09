import { z } from 'zod';
import { PlatformSchema, type Platform } from '../platforms/platform-id.js';

export const POST_STATUSES = ['idea', 'draft', 'approved', 'scheduled', 'published', 'archived', 'publishing', 'failed'] as const;
export const PostStatusSchema = z.enum(POST_STATUSES);
export type PostStatus = z.infer<typeof PostStatusSchema>;

export const POST_SOURCES = ['imported', 'written', 'generated'] as const;
export const PostSourceSchema = z.enum(POST_SOURCES);
export type PostSource = z.infer<typeof PostSourceSchema>;

/** ISO-8601 timestamps are stored normalised to UTC with milliseconds. */
export const TimestampSchema = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'Expected an ISO-8601 date-time, e.g. 2026-01-31T09:00:00Z.')
  .transform((value) => new Date(value).toISOString());

export const EngagementSchema = z.object({
  likes: z.number().int().min(0).nullable().default(null).describe('Likes (or favourites), null when unknown.'),
  reposts: z.number().int().min(0).nullable().default(null).describe('Reposts, retweets, boosts or shares, null when unknown.'),
  replies: z.number().int().min(0).nullable().default(null).describe('Replies or comments, null when unknown.'),
  impressions: z.number().int().min(0).nullable().default(null).describe('Impressions or views, null when unknown.'),
});
export type Engagement = z.infer<typeof EngagementSchema>;

export const MAX_POST_TEXT = 1_000_000;
/** Longer threads are not what anyone reads (X allows 25 posts per thread). */
export const MAX_THREAD_PARTS = 25;

export const PostInputSchema = z.object({
  platform: PlatformSchema,
  text: z.string().max(MAX_POST_TEXT, 'A post text is at most 1,000,000 characters.').describe('The post text, as it is or will be published.'),
  status: PostStatusSchema.default('draft'),
  scheduledAt: TimestampSchema.nullable().default(null).describe('When to publish, as an ISO-8601 date-time with a zone, e.g. 2026-01-31T09:00:00Z; null for none.'),
  publishedAt: TimestampSchema.nullable().default(null).describe('When it was published, as an ISO-8601 date-time; null when not published.'),
  engagement: EngagementSchema.default({ likes: null, reposts: null, replies: null, impressions: null }).describe('Engagement figures: likes, reposts, replies, impressions (whole numbers, or null when unknown).'),
  tags: z.array(z.string().trim().min(1).max(100)).max(100).default([]).describe('Your own labels for the post (not hashtags), e.g. ["launch", "q3"].'),
  source: PostSourceSchema.default('written'),
  externalId: z.string().max(200).nullable().default(null).describe("The post's id on its platform."),
  url: z.string().max(2000).nullable().default(null).describe('The post\'s address on its platform, if published.'),
  isReply: z.boolean().default(false).describe('True when the post replies to another post.'),
  replyToExternalId: z.string().max(200).nullable().default(null).describe('The platform id of the post this one replies to, if any.'),
  lang: z.string().max(35).nullable().default(null).describe('The language of the text as a BCP 47 tag, e.g. "en"; null when unknown.'),
  mediaCount: z.number().int().min(0).default(0).describe('How many images or videos the post carries.'),
  contentWarning: z.string().max(2000).nullable().default(null).describe('A content warning shown before the text (Mastodon, Bluesky), if any.'),
  /** The page a post shares (LinkedIn's SharedUrl), when the platform keeps it apart from the text. */
  sharedUrl: z.string().max(2000).nullable().default(null).describe("The page the post shares (LinkedIn's SharedUrl), when the platform keeps it apart from the text."),
  /** Set when the post is a draft written by a generation run. */
  generationId: z.number().int().nullable().default(null),
  threadParts: z
    .array(z.string().trim().min(1, 'A thread part cannot be empty.').max(MAX_POST_TEXT))
    .min(2, 'A thread has at least 2 parts; for a single post leave threadParts out.')
    .max(200, 'A thread has at most 200 parts (and at most 25 pass the checks).')
    .nullable()
    .default(null)
    .describe('The posts of a thread, in order (null for a single post). When given, text becomes the parts joined by blank lines.'),
});
export type PostInput = z.input<typeof PostInputSchema>;
export type PostFields = z.output<typeof PostInputSchema>;

export const PostPatchSchema = PostInputSchema.omit({ source: true, generationId: true }).partial();
export type PostPatch = z.input<typeof PostPatchSchema>;

export interface Post extends PostFields {
  id: number;
  profileId: number;
  /** Identity for de-duplication: the platform's id, else a content hash. */
  dedupeKey: string;
  createdAt: string;
  updatedAt: string;
}

/** A post as an importer yields it, before it belongs to a profile. */
export interface ImportedPost {
  platform: Platform;
  text: string;
  publishedAt: string | null;
  externalId: string | null;
  url: string | null;
  isReply: boolean;
  replyToExternalId: string | null;
  lang: string | null;
  mediaCount: number;
  contentWarning: string | null;
  engagement: Engagement;
  tags: string[];
  sharedUrl?: string | null;
  status?: PostStatus;
  scheduledAt?: string | null;
  source?: PostSource;
  /** The parts of a thread (from this tool's own export). */
  threadParts?: string[] | null;
}

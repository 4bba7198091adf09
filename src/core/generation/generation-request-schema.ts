import { z } from 'zod';
import { PlatformSchema } from '../platforms/platform-id.js';
import { HandleSchema } from '../profiles/profile-schema.js';

/** Request to write new posts; shared by the CLI, the HTTP route, the OpenAPI document and the MCP tool. */
export const GenerateRequestSchema = z
  .object({
    handle: HandleSchema.describe('The profile whose voice to write in.'),
    platform: PlatformSchema.describe('The platform to write for.'),
    topic: z.string().trim().max(4_000).default('').describe('What the posts are about: a brief, a few words to a paragraph.'),
    n: z.number().int().min(1).max(10).default(3).describe('How many variants to write (1-10).'),
    sourceText: z.string().max(200_000).optional().describe('A text to repurpose (an article, a post from elsewhere).'),
    thread: z.boolean().default(false).describe('Write a numbered thread, each part within the limit (X, Bluesky, Threads, Mastodon).'),
  })
  .refine((request) => request.topic !== '' || (request.sourceText ?? '').trim() !== '', {
    message: 'Give a topic, or a source text to repurpose.',
    path: ['topic'],
  });
export type GenerateRequestInput = z.input<typeof GenerateRequestSchema>;

/** Request to rewrite or repurpose one post in the same voice. */
export const RewriteRequestSchema = z
  .object({
    postId: z.number().int().positive().describe('The post to rewrite.'),
    to: PlatformSchema.optional().describe('Repurpose for this platform (default: the post’s own).'),
    shorter: z.boolean().default(false).describe('Make it clearly shorter.'),
    longer: z.boolean().default(false).describe('Make it longer and richer.'),
    instruction: z.string().trim().max(2_000).optional().describe('Any other change, in words.'),
    n: z.number().int().min(1).max(10).default(1).describe('How many rewrites (1-10).'),
    thread: z.boolean().default(false).describe('Write a numbered thread (X, Bluesky, Threads, Mastodon).'),
  })
  .refine((request) => !(request.shorter && request.longer), { message: 'Ask for shorter or longer, not both.', path: ['shorter'] })
  .refine((request) => request.to !== undefined || request.shorter || request.longer || (request.instruction ?? '') !== '', {
    message: 'Say how to rewrite: give at least one of to, shorter, longer or instruction.',
    path: ['instruction'],
  });
export type RewriteRequestInput = z.input<typeof RewriteRequestSchema>;

import type { PostRepository } from '../ports.js';
import type { Post, PostStatus } from '../posts/post-schema.js';
import { hasUsableText } from '../posts/usable-text.js';

/** A generated draft becomes the profile's own post once the user approves it. */
export const ACCEPTED_STATUSES: ReadonlySet<PostStatus> = new Set(['approved', 'scheduled', 'published']);

/**
 * Whether a post speaks in the profile's own voice, for examples, the
 * fingerprint and the voice score's training: imported and written posts,
 * and generated drafts the user approved (or scheduled, or published).
 * Ideas and posts without words (hasUsableText) never count; a generated draft nobody approved is
 * the model's words, not the profile's.
 */
export function isOwnPost(post: Post): boolean {
  if (!hasUsableText(post.text) || post.status === 'idea') return false;
  return post.source !== 'generated' || ACCEPTED_STATUSES.has(post.status);
}

/** A profile's own posts (see isOwnPost), in id order, in batches: for training the voice score. */
export async function* ownPosts(posts: Pick<PostRepository, 'iterateByProfile'>, profileId: number, batchSize = 500): AsyncIterable<Post[]> {
  for await (const batch of posts.iterateByProfile(profileId, batchSize)) {
    const own = batch.filter(isOwnPost);
    if (own.length > 0) yield own;
  }
}

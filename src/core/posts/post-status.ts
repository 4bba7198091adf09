import { InvalidTransitionError } from '../errors.js';
import type { PostStatus } from './post-schema.js';

/**
 * The lifecycle of a post. Archived posts can be restored as drafts or ideas;
 * published is final except for archiving.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<PostStatus, readonly PostStatus[]>> = {
  idea: ['draft', 'archived'],
  draft: ['idea', 'approved', 'archived'],
  approved: ['draft', 'scheduled', 'published', 'archived', 'publishing'],
  scheduled: ['approved', 'draft', 'published', 'archived', 'publishing'],
  published: ['archived'],
  archived: ['idea', 'draft'],
  // Set by the publisher alone: a claimed post on its way out, and one the platform refused.
  publishing: ['published', 'failed', 'scheduled', 'approved'],
  failed: ['draft', 'approved', 'scheduled', 'archived', 'publishing'],
};

export function assertTransition(from: PostStatus, to: PostStatus): void {
  if (from === to) return;
  const allowed = ALLOWED_TRANSITIONS[from];
  if (!allowed.includes(to)) throw new InvalidTransitionError(from, to, allowed);
}

/**
 * The one rule for a post's status when none is given, whatever the way in
 * (CLI, REST, MCP, import): a post with a publication date, or one imported
 * from a platform, has been published; one with only a schedule time is
 * scheduled (and, written by hand, checked like any scheduling); anything
 * else starts as a draft.
 */
export function defaultStatusFor(post: { publishedAt?: string | null; scheduledAt?: string | null; source?: string | null }): PostStatus {
  if (post.publishedAt != null) return 'published';
  if (post.scheduledAt != null) return 'scheduled';
  return post.source === 'imported' ? 'published' : 'draft';
}

/** Statuses a post only reaches once it passes its platform's rules (or is forced). */
export const CHECKED_STATUSES: readonly PostStatus[] = ['approved', 'scheduled'];

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

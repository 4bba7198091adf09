import type { PostFields } from './post-schema.js';

/** A hash of text to a short hex string (sha256 in production; injected so the core stays pure). */
export type HashText = (text: string) => string;

/**
 * A post's identity for de-duplication: its id on the platform when it has
 * one, else a hash of its normalised text and publication time. Re-importing
 * an export therefore adds nothing.
 */
export function dedupeKeyFor(post: Pick<PostFields, 'externalId' | 'text' | 'publishedAt'>, hashText: HashText): string {
  if (post.externalId) return `id:${post.externalId}`;
  const normalised = post.text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return `sha256:${hashText(`${normalised}\u0000${post.publishedAt ?? ''}`)}`;
}

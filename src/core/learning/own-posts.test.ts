import { describe, expect, it } from 'vitest';
import { PostInputSchema, type PostInput } from '../posts/post-schema.js';
import type { Post } from '../posts/post-schema.js';
import { isOwnPost } from './own-posts.js';

function post(fields: Partial<PostInput>): Post {
  return { ...PostInputSchema.parse({ platform: 'x', text: 'A post.', ...fields }), id: 1, profileId: 1, dedupeKey: 'k', createdAt: '', updatedAt: '' };
}

describe('isOwnPost', () => {
  it('counts imported and written posts, and generated ones once approved, scheduled or published', () => {
    expect(isOwnPost(post({ source: 'imported', status: 'published' }))).toBe(true);
    expect(isOwnPost(post({ source: 'written', status: 'draft' }))).toBe(true);
    for (const status of ['approved', 'scheduled', 'published'] as const) expect(isOwnPost(post({ source: 'generated', status })), status).toBe(true);
    for (const status of ['draft', 'idea', 'archived'] as const) expect(isOwnPost(post({ source: 'generated', status })), status).toBe(false);
    expect(isOwnPost(post({ source: 'written', status: 'idea' }))).toBe(false);
    expect(isOwnPost(post({ source: 'imported', text: '   ' }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { Profile } from '../profiles/profile-schema.js';
import { ProfileTags, RenderedPosts } from './rendered-posts.js';

describe('RenderedPosts', () => {
  it('keeps at most maxEntries, dropping the least recently used first', () => {
    const rendered = new RenderedPosts<string>((post) => String(post.id), 3);
    for (const id of [1, 2, 3]) rendered.set(id, 0, 1, `post ${id}`);
    expect(rendered.get(1, 0, 1)).toBe('post 1');
    rendered.set(4, 0, 1, 'post 4');
    expect(rendered.size).toBe(3);
    expect(rendered.get(2, 0, 1)).toBeUndefined();
    expect([1, 3, 4].map((id) => rendered.get(id, 0, 1))).toEqual(['post 1', 'post 3', 'post 4']);
  });

  it('answers only for the version and profile tag it was kept for, and keeps one rendering per post', () => {
    const rendered = new RenderedPosts<string>((post) => String(post.id), 10);
    rendered.set(1, 0, 1, 'first');
    expect([rendered.get(1, 1, 1), rendered.get(1, 0, 2), rendered.get(1, 0, 1)]).toEqual([undefined, undefined, 'first']);
    rendered.set(1, 1, 1, 'second');
    expect([rendered.size, rendered.get(1, 0, 1), rendered.get(1, 1, 1)]).toEqual([1, undefined, 'second']);
  });

  it('keeps nothing with a bound of 0', () => {
    const rendered = new RenderedPosts<string>((post) => String(post.id), 0);
    rendered.set(1, 0, 1, 'A');
    expect([rendered.size, rendered.get(1, 0, 1)]).toEqual([0, undefined]);
  });
});

describe('ProfileTags', () => {
  const profile = (handle: string, bannedWords: string[]) => ({ id: 1, handle, voice: { bannedWords } }) as unknown as Profile;

  it('gives equal content one tag and any change of handle or voice guide a new one, never reused', () => {
    const tags = new ProfileTags(2);
    const first = tags.of(profile('acme', []));
    expect(tags.of(profile('acme', []))).toBe(first);
    const renamed = tags.of(profile('acme2', []));
    const ruled = tags.of(profile('acme', ['synergy']));
    expect(new Set([first, renamed, ruled]).size).toBe(3);
    // The content map was cleared at its bound: the old content gets a new number, not an old one.
    expect([first, renamed, ruled]).not.toContain(tags.of(profile('acme2', [])));
  });
});

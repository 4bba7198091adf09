import { describe, expect, it } from 'vitest';
import type { Profile } from '../profiles/profile-schema.js';
import { ProfileTags, RenderedPosts } from './rendered-posts.js';

describe('RenderedPosts', () => {
  it('keeps at most maxEntries, dropping the least recently used first', () => {
    const rendered = new RenderedPosts<string>((post) => String(post.id), 3);
    for (const key of ['a', 'b', 'c']) rendered.set(key, key.toUpperCase());
    expect(rendered.get('a')).toBe('A');
    rendered.set('d', 'D');
    expect(rendered.size).toBe(3);
    expect(rendered.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((key) => rendered.get(key))).toEqual(['A', 'C', 'D']);
  });

  it('keeps nothing with a bound of 0', () => {
    const rendered = new RenderedPosts<string>((post) => String(post.id), 0);
    rendered.set('a', 'A');
    expect([rendered.size, rendered.get('a')]).toEqual([0, undefined]);
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

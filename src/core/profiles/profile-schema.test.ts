import { describe, expect, it } from 'vitest';
import { HandleSchema, ProfileInputSchema, WorkspaceNameSchema } from './profile-schema.js';

describe('profile schemas', () => {
  it('normalises handles and workspace names to trimmed lower case, and refuses what the pattern does not allow, saying why', () => {
    expect(HandleSchema.parse('  Jane-Founder ')).toBe('jane-founder');
    expect(WorkspaceNameSchema.parse(' Team_2 ')).toBe('team_2');
    expect(HandleSchema.parse('a'.repeat(64))).toHaveLength(64);
    for (const bad of ['', '-dash-first', 'with space', 'a'.repeat(65), 'ünï']) {
      const handle = HandleSchema.safeParse(bad);
      expect(handle.success, bad).toBe(false);
      expect(handle.error?.issues[0]?.message).toBe('A handle is 1-64 characters: lowercase letters, digits, "_", "." or "-", starting with a letter or digit.');
      expect(WorkspaceNameSchema.safeParse(bad).error?.issues[0]?.message).toBe('A workspace name is 1-64 characters: lowercase letters, digits, "_", "." or "-".');
    }
  });

  it('fills a new profile’s defaults and keeps its limits', () => {
    expect(ProfileInputSchema.parse({ handle: 'acme', displayName: ' Acme ' })).toEqual({
      handle: 'acme',
      displayName: 'Acme',
      description: '',
      audience: '',
      platforms: [],
      language: 'en',
      voice: { tone: '', do: [], dont: [], emojiPolicy: 'sparing', hashtagPolicy: 'platform-norm', bannedWords: [], signOff: '' },
    });
    expect(ProfileInputSchema.safeParse({ handle: 'acme', displayName: '  ' }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ handle: 'acme', displayName: 'A', language: 'e' }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ handle: 'acme', displayName: 'A', platforms: ['myspace'] }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ handle: 'acme', displayName: 'A', voice: { bannedWords: [''] } }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ handle: 'acme', displayName: 'A', voice: { emojiPolicy: 'lots' } }).success).toBe(false);
  });
});

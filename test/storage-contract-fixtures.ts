import { afterEach, beforeEach } from 'vitest';
import { PostInputSchema, type PostInput } from '../src/core/posts/post-schema.js';
import type { Clock, NewPost, Storage } from '../src/core/ports.js';
import { ProfileInputSchema, type ProfileFields, type ProfileInput } from '../src/core/profiles/profile-schema.js';

/** Opens a fresh, empty database each time (its own file or schema). */
export type OpenStorage = (options?: { clock?: Clock }) => Promise<Storage>;

/** A clock the test moves by hand, so timestamps are exact. */
export class TestClock implements Clock {
  constructor(public time = Date.parse('2026-03-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms = 1000): string {
    this.time += ms;
    return new Date(this.time).toISOString();
  }
}

export function profileFields(handle: string, input: Partial<ProfileInput> = {}): ProfileFields {
  return ProfileInputSchema.parse({ handle, displayName: `Display ${handle}`, ...input });
}

let dedupeCounter = 0;

/** A valid post with a unique dedupe key unless one is given. */
export function newPost(input: Partial<PostInput> & { dedupeKey?: string } = {}): NewPost {
  const { dedupeKey, ...fields } = input;
  dedupeCounter += 1;
  return { ...PostInputSchema.parse({ platform: 'x', text: `post ${dedupeCounter}`, ...fields }), dedupeKey: dedupeKey ?? `key-${dedupeCounter}` };
}

/** Opens a fresh storage before each test and closes it after. */
export function useFreshStorage(open: OpenStorage): { readonly storage: Storage; readonly clock: TestClock } {
  const state: { storage?: Storage; clock: TestClock } = { clock: new TestClock() };
  beforeEach(async () => {
    state.clock = new TestClock();
    state.storage = await open({ clock: state.clock });
  });
  afterEach(async () => {
    await state.storage?.close();
    state.storage = undefined;
  });
  return {
    get storage(): Storage {
      if (!state.storage) throw new Error('storage is only open inside a test');
      return state.storage;
    },
    get clock(): TestClock {
      return state.clock;
    },
  };
}

/** Texts that break naive SQL, FTS or encoding; each must round-trip byte for byte. */
export const HOSTILE_TEXTS = [
  `'; DROP TABLE posts; --`,
  `Robert'); DROP TABLE students; --`,
  `text with "quotes" and 'single' ones`,
  `line one\nline two\r\nline three\ttabbed`,
  `coding 👩🏽‍💻 all night 🏳️‍🌈`,
  `中文社交媒体经理`,
  `שלום עולם עברית`,
  `NEAR(a b) AND OR NOT * ^ : { } ( ) % _ \\ backslash`,
  `مرحبا بالعالم`,
];

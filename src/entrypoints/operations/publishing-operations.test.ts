import { describe, expect, it } from 'vitest';
import type { App } from '../../app/create-app.js';
import type { Scope } from '../../core/profiles/index.js';
import { getCalendar, listAccounts, publishDue, publishPost } from './publishing-operations.js';

const scope: Scope = { workspace: 'acme-co' };
const signal = new AbortController().signal;

function paths(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));
}

/** A publishing service that records what it was asked and answers as told. */
function publishingApp(answers: { preview?: object; outcome?: object; due?: object[] }) {
  const calls: string[] = [];
  const publishing = {
    preview: async (_scope: Scope, id: number) => (calls.push(`preview ${id}`), answers.preview),
    publishNow: async (_scope: Scope, id: number) => (calls.push(`publishNow ${id}`), answers.outcome),
    publishDue: async (_scope: Scope, limit: number) => (calls.push(`publishDue ${limit}`), answers.due),
  };
  return { app: { publishing: async () => publishing } as unknown as App, calls };
}

const publishedPost = { id: 5, text: 'Out now', dedupeKey: 'sha256:x' };

describe('publish_post', () => {
  it('sends nothing unless confirm is true: the default is a preview', () => {
    expect(publishPost.input.parse({ id: 5 })).toStrictEqual({ id: 5, confirm: false });
    expect(publishPost.input.parse({ id: 5, confirm: true })).toStrictEqual({ id: 5, confirm: true });
    expect(paths(publishPost.input, { id: 5, confirm: 'yes' })).toEqual(['confirm']);
  });

  it('without confirm, previews only, and asks for confirmation only when the post can go out as it is', async () => {
    for (const [preview, needsConfirmation] of [
      [{ manual: null, problems: [] }, true],
      [{ manual: null, problems: ['too long'] }, false],
      [{ manual: { text: 'paste me' }, problems: [] }, false],
    ] as const) {
      const { app, calls } = publishingApp({ preview });
      expect(await publishPost.run(app, scope, { id: 5, confirm: false }, { signal })).toEqual({ needsConfirmation, published: false, preview });
      expect(calls).toEqual(['preview 5']);
    }
  });

  it('with confirm, publishes, and shows a published post without its identity key', async () => {
    const published = publishingApp({ outcome: { outcome: 'published', url: 'https://bsky.app/x', post: publishedPost } });
    expect(await publishPost.run(published.app, scope, { id: 5, confirm: true }, { signal })).toEqual({
      outcome: 'published',
      url: 'https://bsky.app/x',
      post: { id: 5, text: 'Out now' },
    });
    expect(published.calls).toEqual(['publishNow 5']);
    const failed = publishingApp({ outcome: { outcome: 'failed', error: 'rate limited' } });
    expect(await publishPost.run(failed.app, scope, { id: 5, confirm: true }, { signal })).toEqual({ outcome: 'failed', error: 'rate limited' });
  });
});

describe('publish_due', () => {
  it('takes at most 50 by default, 1 to 500', () => {
    expect(publishDue.input.parse({})).toStrictEqual({ limit: 50 });
    expect(paths(publishDue.input, { limit: 0 })).toEqual(['limit']);
    expect(paths(publishDue.input, { limit: 501 })).toEqual(['limit']);
    expect(paths(publishDue.input, { limit: 2.5 })).toEqual(['limit']);
  });

  it('strips the identity key of published posts only', async () => {
    const { app, calls } = publishingApp({ due: [{ postId: 5, outcome: 'published', post: publishedPost }, { postId: 6, outcome: 'retrying', error: 'timeout' }] });
    expect(await publishDue.run(app, scope, { limit: 7 }, { signal })).toEqual({
      outcomes: [
        { postId: 5, outcome: 'published', post: { id: 5, text: 'Out now' } },
        { postId: 6, outcome: 'retrying', error: 'timeout' },
      ],
    });
    expect(calls).toEqual(['publishDue 7']);
  });
});

describe('get_calendar and list_accounts input', () => {
  it('shows 14 days by default, 1 to 366, in an optional time zone', () => {
    expect(getCalendar.input.parse({})).toStrictEqual({ days: 14 });
    expect(getCalendar.input.parse({ handle: 'Acme', days: 366, timeZone: 'Europe/Berlin' })).toStrictEqual({ handle: 'acme', days: 366, timeZone: 'Europe/Berlin' });
    expect(paths(getCalendar.input, { days: 0 })).toEqual(['days']);
    expect(paths(getCalendar.input, { days: 367 })).toEqual(['days']);
    expect(paths(getCalendar.input, { timeZone: 'z'.repeat(65) })).toEqual(['timeZone']);
  });

  it('passes the calendar request on under the service names', async () => {
    const calls: unknown[][] = [];
    const app = { publishing: async () => ({ calendar: async (...args: unknown[]) => (calls.push(args), { days: [] }) }) } as unknown as App;
    await getCalendar.run(app, scope, { handle: 'acme', days: 3, timeZone: 'UTC' }, { signal });
    expect(calls).toEqual([[scope, { profile: 'acme', days: 3, timeZone: 'UTC' }]]);
  });

  it('lists accounts of every profile, or of one', async () => {
    expect(listAccounts.input.parse({})).toStrictEqual({});
    const calls: unknown[][] = [];
    const app = { accounts: async () => ({ list: async (...args: unknown[]) => (calls.push(args), [{ id: 1 }]) }) } as unknown as App;
    expect(await listAccounts.run(app, scope, { handle: 'acme' }, { signal })).toEqual({ accounts: [{ id: 1 }] });
    expect(calls).toEqual([[scope, 'acme']]);
  });
});

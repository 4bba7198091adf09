import { z } from 'zod';
import { HandleParam, PostIdParam } from './operation-schemas.js';
import { defineOperation } from './operation.js';
import { postView } from './post-operations.js';

export const listAccounts = defineOperation({
  name: 'list_accounts',
  summary: 'List publishing accounts',
  description:
    'Lists the Bluesky and Mastodon accounts the profiles publish to (never their credentials), optionally of one profile. ' +
    'Accounts are added from the command line (`smm account add`), where the app password or token is typed in. Returns {"accounts": [{id, profileHandle, platform, handle, service}]}.',
  tag: 'publishing',
  method: 'GET',
  path: '/accounts',
  readOnly: true,
  input: z.object({ handle: HandleParam.optional() }),
  async run(app, scope, input) {
    return { accounts: await (await app.accounts()).list(scope, input.handle) };
  },
});

export const publishPost = defineOperation({
  name: 'publish_post',
  summary: 'Publish a post now',
  description:
    'Publishes an approved (or scheduled, or failed) post now to Bluesky or Mastodon, from the profile\'s account. ' +
    'Without confirm: true it sends NOTHING and returns a preview {needsConfirmation, preview: {platform, account, parts, problems}}: show it to the user and ask them to confirm; ' +
    'call again with confirm: true only after the user said yes. For X, LinkedIn, Instagram, Threads and Facebook nothing is ever sent: the answer holds the text to paste and, for X, a share link. ' +
    'Returns {outcome: published | failed | retrying | already-published | busy | manual, url, error}.',
  tag: 'publishing',
  method: 'POST',
  path: '/posts/{id}/publish',
  readOnly: false,
  input: z.object({
    id: PostIdParam,
    confirm: z.boolean().default(false).describe('true only after the user confirmed this publication; false (default) returns a preview and sends nothing.'),
  }),
  async run(app, scope, input) {
    const publishing = await app.publishing();
    if (!input.confirm) {
      const preview = await publishing.preview(scope, input.id);
      return { needsConfirmation: preview.manual === null && preview.problems.length === 0, published: false, preview };
    }
    const outcome = await publishing.publishNow(scope, input.id);
    return outcome.outcome === 'published' ? { ...outcome, post: postView(outcome.post) } : outcome;
  },
});

export const publishDue = defineOperation({
  name: 'publish_due',
  summary: 'Publish what is due',
  description:
    'What `smm publish --due` does: finishes posts a stopped publisher left in "publishing", then publishes every scheduled post whose time has come (Bluesky and Mastodon). ' +
    'Returns {"outcomes": [{postId, outcome, url, error}]}.',
  tag: 'publishing',
  method: 'POST',
  path: '/publishing/due',
  readOnly: false,
  input: z.object({ limit: z.number().int().min(1).max(500).default(50).describe('At most this many posts (default 50).') }),
  async run(app, scope, input) {
    const outcomes = await (await app.publishing()).publishDue(scope, input.limit);
    return { outcomes: outcomes.map((outcome) => (outcome.outcome === 'published' ? { ...outcome, post: postView(outcome.post) } : outcome)) };
  },
});

export const getCalendar = defineOperation({
  name: 'get_calendar',
  summary: 'Publishing calendar',
  description:
    'What is scheduled, publishing, published or failed, per day and profile, over the next days (default 14), in a time zone (IANA name, default the server\'s). ' +
    'Each day lists every profile with its posts; profiles with nothing that day are in "gaps". Returns {timeZone, from, to, days: [{date, weekday, profiles: {handle: [{postId, time, platform, status, text, url, error}]}, gaps}]}.',
  tag: 'publishing',
  method: 'GET',
  path: '/calendar',
  readOnly: true,
  input: z.object({
    handle: HandleParam.optional(),
    days: z.number().int().min(1).max(366).default(14).describe('How many days from today (1 to 366, default 14).'),
    timeZone: z.string().max(64).optional().describe('IANA time zone, e.g. Europe/Berlin (default: the server\'s).'),
  }),
  async run(app, scope, input) {
    return (await app.publishing()).calendar(scope, { profile: input.handle, days: input.days, timeZone: input.timeZone });
  },
});

export const publishingOperations = [listAccounts, publishPost, publishDue, getCalendar];

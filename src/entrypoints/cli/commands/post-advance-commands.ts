import type { AdvanceOutcome, AdvanceRequest } from '../../../core/posts/index.js';
import type { CliContext } from '../cli-context.js';
import { exitCodeFor } from '../exit-codes.js';
import { postId } from './post-commands.js';
import { warnViolations } from './post-view.js';

interface AdvanceOptions {
  force?: boolean;
  at?: string;
  tz?: string;
}

/** The zone a local --at is read in: --tz, else the machine's (TZ or the system setting). */
function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Approves or schedules each post through the core's one move: every id
 * succeeds or fails on its own; the exit code is that of the first failure.
 */
async function advance(context: CliContext, ids: unknown[], request: AdvanceRequest): Promise<void> {
  const app = await context.app();
  const outcomes = await app.posts.advanceMany(context.scope, ids.map(postId), request);
  const verb = request.to === 'approved' ? 'Approved' : 'Scheduled';
  const results = outcomes.map((outcome) =>
    outcome.ok
      ? { id: outcome.id, ok: true, post: outcome.post }
      : { id: outcome.id, ok: false, error: { code: outcome.error.code, message: outcome.error.message, hint: outcome.error.hint ?? null, details: outcome.error.details } },
  );
  context.print({ results }, () => outcomes.map((outcome) => describeOutcome(outcome, verb)).join('\n'));
  for (const outcome of outcomes) if (outcome.ok && request.force) warnViolations(context, outcome.post);
  const failed = outcomes.filter((outcome): outcome is Extract<AdvanceOutcome, { ok: false }> => !outcome.ok);
  if (failed.length > 0) {
    if (!context.json) for (const outcome of failed) if (outcome.error.hint) context.stderr.write(`hint (post ${outcome.id}): ${outcome.error.hint}\n`);
    context.setExitCode(exitCodeFor(failed[0]!.error.code));
  }
}

function describeOutcome(outcome: AdvanceOutcome, verb: string): string {
  if (!outcome.ok) {
    const message = outcome.error.message;
    return message.startsWith(`Post ${outcome.id} `) ? message : `Post ${outcome.id}: not ${verb.toLowerCase()}: ${message}`;
  }
  const when = outcome.post.status === 'scheduled' && outcome.post.scheduledAt ? ` for ${outcome.post.scheduledAt}` : '';
  const forced = outcome.post.violations.length > 0 ? ` despite ${outcome.post.violations.length} violation${outcome.post.violations.length === 1 ? '' : 's'} (--force)` : '';
  return `${verb} post ${outcome.id} (${outcome.post.status}${when})${forced}.`;
}

export async function postApprove(context: CliContext, ids: unknown[], options: AdvanceOptions): Promise<void> {
  await advance(context, ids, { to: 'approved', force: options.force });
}

export async function postSchedule(context: CliContext, ids: unknown[], options: AdvanceOptions): Promise<void> {
  await advance(context, ids, { to: 'scheduled', at: options.at, timeZone: options.tz ?? machineTimeZone(), force: options.force });
}


import { InvalidInputError } from '../../../core/errors.js';
import type { PublishOutcome } from '../../../core/publishing/index.js';
import type { CliContext } from '../cli-context.js';
import { EXIT } from '../exit-codes.js';

interface PublishOptions {
  due?: boolean;
  limit?: string;
}

/** One line (or block) per outcome, saying plainly what happened. */
export function describeOutcome(outcome: PublishOutcome): string {
  switch (outcome.outcome) {
    case 'published':
      return `Published post ${outcome.postId} to ${outcome.platform}${outcome.parts > 1 ? ` as a thread of ${outcome.parts}` : ''}: ${outcome.url}`;
    case 'already-published':
      return `Post ${outcome.postId} was already published${outcome.url ? `: ${outcome.url}` : ''}. Nothing sent.`;
    case 'failed':
      return `Post ${outcome.postId} failed on ${outcome.platform}: ${outcome.error}`;
    case 'retrying':
      return `Post ${outcome.postId} is not out yet (${outcome.error}). It stays "publishing" and is retried after ${outcome.retryAt} by \`smm publish --due\` or \`smm serve\`.`;
    case 'busy':
      return `Post ${outcome.postId}: ${outcome.error}`;
    case 'manual':
      return [
        `Post ${outcome.postId}: ${outcome.manual.message}`,
        ...(outcome.manual.shareUrl ? [`  ${outcome.manual.shareUrl}`] : []),
        ...outcome.manual.parts.map((part, index) => `--- ${outcome.manual.parts.length > 1 ? `part ${index + 1}/${outcome.manual.parts.length}` : 'text'} ---\n${part}`),
      ].join('\n');
  }
}

/**
 * `smm publish ID…` (now) and `smm publish --due` (what is due, for cron):
 * the latter first finishes posts a crashed run left in "publishing".
 */
export async function publishCommand(context: CliContext, ids: string[], options: PublishOptions): Promise<void> {
  if (options.due && ids.length > 0) throw new InvalidInputError('Give post ids or --due, not both.');
  if (!options.due && ids.length === 0) throw new InvalidInputError('Give the ids of the posts to publish, or --due for every scheduled post whose time has come.');
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidInputError(`--limit must be a positive whole number, got "${options.limit}".`);
  const postIds = ids.map((value) => {
    const id = Number(value);
    if (!Number.isInteger(id) || id <= 0) throw new InvalidInputError(`"${value}" is not a post id.`);
    return id;
  });
  const publishing = await (await context.app()).publishing();
  const outcomes: PublishOutcome[] = [];
  if (options.due) outcomes.push(...(await publishing.publishDue(context.scope, limit)));
  else for (const id of postIds) outcomes.push(await publishing.publishNow(context.scope, id));
  context.print(options.due ? { outcomes } : outcomes.length === 1 ? outcomes[0] : outcomes, () =>
    outcomes.length === 0 ? 'Nothing is due.' : outcomes.map(describeOutcome).join('\n'),
  );
  if (outcomes.some((outcome) => outcome.outcome === 'failed')) context.setExitCode(EXIT.publish);
}

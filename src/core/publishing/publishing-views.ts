import { InvalidInputError } from '../errors.js';
import type { Platform } from '../platforms/platform-id.js';
import type { RuleOverrides } from '../platforms/rule-types.js';
import type { Clock } from '../ports.js';
import type { Post } from '../posts/post-schema.js';
import type { PostService } from '../posts/post-service.js';
import type { Scope } from '../profiles/profile-service.js';
import { isPublishingPlatform } from './account-schema.js';
import type { AccountService } from './account-service.js';
import { buildCalendar, CALENDAR_STATUSES, type Calendar } from './calendar.js';
import { manualPublishing, type ManualPublishing } from './manual-publishing.js';
import { publishParts } from './publish-parts.js';
import type { PublicationRepository } from './publishing-ports.js';

/** What the read-only views of publishing need. */
interface ViewDeps {
  posts: PostService;
  accounts: AccountService;
  publications: PublicationRepository;
  clock: Clock;
  options?: { ruleOverrides?: Partial<Record<Platform, RuleOverrides>> };
}

export interface CalendarRequest {
  profile?: string;
  days: number;
  /** IANA time zone (default: this machine's). */
  timeZone?: string;
  start?: Date;
}

export interface PublishPreview {
  postId: number;
  platform: string;
  status: string;
  /** The account it would go out from, when there is one. */
  account: string | null;
  /** The posts that would be sent (several for a thread). */
  parts: string[];
  /** Why it would not be sent, if anything stands in the way. */
  problems: string[];
  /** For platforms smm does not publish to. */
  manual: ManualPublishing | null;
}

/** What publishing the post now would send, and where; sends nothing (for a confirmation step). */
export async function previewPost(deps: ViewDeps, scope: Scope, postId: number): Promise<PublishPreview> {
  const { post, profile } = await deps.posts.get(scope, postId);
  if (!isPublishingPlatform(post.platform)) return { postId, platform: post.platform, status: post.status, account: null, parts: [], problems: [], manual: manualPublishing(post) };
  const account = await deps.accounts.forProfile(profile, post.platform);
  const checked = publishParts(post, profile, deps.options?.ruleOverrides?.[post.platform]);
  const problems = [
    ...(account ? [] : [`Profile "${profile.handle}" has no ${post.platform} account: add one with \`smm account add\`.`]),
    ...(checked.ok ? [] : checked.violations.map((violation) => violation.message)),
    ...(['approved', 'scheduled', 'failed', 'publishing'].includes(post.status) ? [] : [`The post is "${post.status}": approve it first.`]),
  ];
  return { postId, platform: post.platform, status: post.status, account: account?.handle ?? null, parts: checked.ok ? checked.parts : [], problems, manual: null };
}

/** What is scheduled (and went out, or failed) per day and profile, over `days` days from today in `timeZone`. */
export async function calendarOf(deps: ViewDeps, scope: Scope, request: CalendarRequest): Promise<Calendar> {
  const timeZone = request.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new InvalidInputError(`Unknown time zone "${timeZone}".`, { hint: 'Use an IANA name, e.g. Europe/Berlin, America/New_York or UTC.' });
  }
  if (!Number.isInteger(request.days) || request.days < 1 || request.days > 366) throw new InvalidInputError('A calendar covers 1 to 366 days.');
  const start = request.start ?? deps.clock.now();
  const profiles = request.profile
    ? [await deps.accounts.profileOf(scope, request.profile)]
    : await deps.accounts.profilesOf(scope);
  // A day either side: the calendar's days are local, the query's bounds are UTC.
  const from = new Date(start.getTime() - 2 * 86_400_000).toISOString();
  const to = new Date(start.getTime() + (request.days + 1) * 86_400_000).toISOString();
  const posts: Post[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.posts.list(scope, { handle: request.profile, status: [...CALENDAR_STATUSES], from, to, limit: 500, cursor });
    posts.push(...page.posts);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const errors = await deps.publications.errorsOf(posts.filter((post) => post.status === 'failed' || post.status === 'publishing').map((post) => post.id));
  return buildCalendar(posts, { start, days: request.days, timeZone, profiles: new Map(profiles.map((profile) => [profile.id, profile.handle])), errors });
}


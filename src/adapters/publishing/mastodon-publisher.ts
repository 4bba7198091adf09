import { randomUUID } from 'node:crypto';
import { createRestAPIClient, MastoHttpError, type mastodon } from 'masto';
import type { MastodonVisibility, StoredAccount } from '../../core/publishing/index.js';
import { PublishFailedError } from '../../core/publishing/index.js';
import type { PartResult, PlatformPublisher, PublisherSession, PublishPlan, PublishRequest } from '../../core/publishing/index.js';

/** One status of a thread as fixed before the first call, with the Idempotency-Key Mastodon honours. */
interface MastodonPart {
  idempotencyKey: string;
  status: string;
  visibility: MastodonVisibility;
  spoilerText: string | null;
  language: string | null;
}

const TIMEOUT_MS = 30_000;

/** HTTP 5xx, 429, timeouts and network errors are worth retrying; other 4xx are final, with Mastodon's own words. */
export function mastodonError(error: unknown, action: string): PublishFailedError {
  if (error instanceof PublishFailedError) return error;
  if (error instanceof MastoHttpError) {
    const status = error.statusCode;
    const words = error.description ? `${error.message} (${error.description})` : error.message;
    return new PublishFailedError(`${action}: Mastodon answered ${status}: ${words}.`, { retryable: status >= 500 || status === 429, cause: error, details: { status } });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PublishFailedError(`${action}: ${message}.`, { retryable: true, cause: error });
}

class MastodonSession implements PublisherSession {
  constructor(
    private readonly client: mastodon.rest.Client,
    readonly identity: string,
    private readonly visibility: MastodonVisibility,
  ) {}

  async plan(request: PublishRequest): Promise<PublishPlan> {
    const parts: MastodonPart[] = request.parts.map((status, index) => ({
      idempotencyKey: `smm-${request.post.id}-${index + 1}-${randomUUID()}`,
      status,
      visibility: this.visibility,
      // The content warning goes on the first status of a thread; replies keep it too, as Mastodon clients do.
      spoilerText: request.post.contentWarning,
      // Mastodon takes ISO 639 codes: the language of "zh-Hant" or "pt-BR", not the region or script.
      language: request.lang ? request.lang.split('-')[0]!.toLowerCase() : null,
    }));
    return { platform: 'mastodon', accountId: request.account.id, parts };
  }

  /** A repeat with the same Idempotency-Key returns the status the first call made (Mastodon keeps keys for an hour). */
  async sendPart(plan: PublishPlan, index: number, previous: readonly PartResult[]): Promise<PartResult> {
    const part = (plan.parts as MastodonPart[])[index];
    if (!part) throw new PublishFailedError(`The plan has no part ${index + 1}.`, { retryable: false });
    const parent = index > 0 ? previous[index - 1] : undefined;
    if (index > 0 && !parent) throw new PublishFailedError(`Part ${index + 1} of the thread has no parent to reply to.`, { retryable: false });
    try {
      const status = await this.client.v1.statuses.create(
        {
          status: part.status,
          visibility: part.visibility,
          spoilerText: part.spoilerText ?? undefined,
          language: part.language ?? undefined,
          inReplyToId: parent?.externalId ?? undefined,
        },
        { requestInit: { headers: { 'Idempotency-Key': part.idempotencyKey } } },
      );
      return { externalId: status.id, url: status.url ?? status.uri };
    } catch (error) {
      throw mastodonError(error, `Publishing part ${index + 1} of ${plan.parts.length}`);
    }
  }
}

/** Publishes to a Mastodon instance with an access token (scope write:statuses), through the `masto` client. */
export class MastodonPublisher implements PlatformPublisher {
  readonly platform = 'mastodon' as const;

  async connect(account: Pick<StoredAccount, 'handle' | 'service' | 'settings'>, secret: string): Promise<PublisherSession & { identity: string }> {
    const client = createRestAPIClient({ url: account.service, accessToken: secret, timeout: TIMEOUT_MS });
    let me: mastodon.v1.AccountCredentials;
    try {
      me = await client.v1.accounts.verifyCredentials();
    } catch (error) {
      const failure = mastodonError(error, `Checking the access token at ${account.service}`);
      if (failure.retryable) throw failure;
      throw new PublishFailedError(`${account.service} refused the access token: ${failure.message}`, {
        retryable: false,
        cause: error,
        hint: 'Create a token in Mastodon (Preferences → Development → New application, scope write:statuses and read:accounts), then `smm account rm ID` and `smm account add` again.',
      });
    }
    const identity = me.acct.includes('@') ? me.acct : `${me.acct}@${new URL(account.service).host}`;
    return new MastodonSession(client, identity, account.settings.visibility ?? 'public');
  }
}

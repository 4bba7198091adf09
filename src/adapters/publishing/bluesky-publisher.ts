import { AtpAgent, RichText, XRPCError } from '@atproto/api';
import type { StoredAccount } from '../../core/publishing/index.js';
import { PublishFailedError } from '../../core/publishing/index.js';
import type { PartResult, PlatformPublisher, PublisherSession, PublishPlan, PublishRequest } from '../../core/publishing/index.js';
import { nextTid } from './tid.js';

const COLLECTION = 'app.bsky.feed.post';

/** One part of a Bluesky thread as fixed before the first call: its record key and record. */
interface BlueskyPart {
  rkey: string;
  record: Record<string, unknown>;
}

/** Network errors (status 1), 5xx and 429 are worth retrying; other 4xx are final. */
export function blueskyError(error: unknown, action: string): PublishFailedError {
  if (error instanceof PublishFailedError) return error;
  if (error instanceof XRPCError) {
    const status = Number(error.status);
    const retryable = status < 100 || status >= 500 || status === 429;
    const answer = status < 100 ? 'no answer (network error)' : `${status} ${error.error}`;
    return new PublishFailedError(`${action}: Bluesky gave ${answer}${error.message && error.message !== error.error ? `: ${error.message}` : ''}.`, {
      retryable,
      cause: error,
      details: { status, error: error.error },
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PublishFailedError(`${action}: ${message}.`, { retryable: true, cause: error });
}

function partsOf(plan: PublishPlan): BlueskyPart[] {
  return plan.parts as BlueskyPart[];
}

class BlueskySession implements PublisherSession {
  constructor(
    private readonly agent: AtpAgent,
    readonly identity: string,
    private readonly did: string,
  ) {}

  async plan(request: PublishRequest): Promise<PublishPlan> {
    const parts: BlueskyPart[] = [];
    for (const [index, text] of request.parts.entries()) {
      const rich = new RichText({ text });
      try {
        // Links and hashtags from the text; mentions resolved to DIDs (unknown handles stay plain text).
        await rich.detectFacets(this.agent);
      } catch (error) {
        throw blueskyError(error, 'Resolving the mentions');
      }
      const createdAt = new Date(request.now.getTime() + index).toISOString();
      const record: Record<string, unknown> = { $type: COLLECTION, text: rich.text, createdAt };
      // A mention the PDS could not resolve comes back with an empty DID, which no PDS accepts: it stays plain text.
      const facets = (rich.facets ?? [])
        .map((facet) => ({ ...facet, features: facet.features.filter((feature) => !(feature.$type === 'app.bsky.richtext.facet#mention' && !(feature as { did?: string }).did)) }))
        .filter((facet) => facet.features.length > 0);
      if (facets.length > 0) record.facets = facets;
      if (request.lang) record.langs = [request.lang];
      parts.push({ rkey: nextTid(new Date(request.now.getTime() + index)), record });
    }
    return { platform: 'bluesky', accountId: request.account.id, parts };
  }

  /**
   * getRecord first: if the key exists the part went out before (a crash or
   * a lost answer), and its uri and cid are the answer. Otherwise putRecord
   * on the fixed key: a repeat of a byte-identical record is a no-op on the
   * PDS, where a second createRecord would fail.
   */
  async sendPart(plan: PublishPlan, index: number, previous: readonly PartResult[]): Promise<PartResult> {
    const part = partsOf(plan)[index];
    if (!part) throw new PublishFailedError(`The plan has no part ${index + 1}.`, { retryable: false });
    const url = `https://bsky.app/profile/${this.identity}/post/${part.rkey}`;
    const existing = await this.find(part.rkey);
    if (existing) return { externalId: existing.uri, cid: existing.cid, url };
    const record = { ...part.record };
    if (index > 0) {
      const root = previous[0];
      const parent = previous[index - 1];
      if (!root?.cid || !parent?.cid) throw new PublishFailedError(`Part ${index + 1} of the thread has no parent to reply to.`, { retryable: false });
      record.reply = { root: { uri: root.externalId, cid: root.cid }, parent: { uri: parent.externalId, cid: parent.cid } };
    }
    try {
      const response = await this.agent.com.atproto.repo.putRecord({ repo: this.did, collection: COLLECTION, rkey: part.rkey, record });
      return { externalId: response.data.uri, cid: response.data.cid, url };
    } catch (error) {
      throw blueskyError(error, `Publishing part ${index + 1} of ${plan.parts.length}`);
    }
  }

  private async find(rkey: string): Promise<{ uri: string; cid: string } | undefined> {
    try {
      const response = await this.agent.com.atproto.repo.getRecord({ repo: this.did, collection: COLLECTION, rkey });
      return response.data.cid ? { uri: response.data.uri, cid: response.data.cid } : undefined;
    } catch (error) {
      // The lexicon's named error for a missing key (not its message text).
      if (error instanceof XRPCError && error.error === 'RecordNotFound') return undefined;
      throw blueskyError(error, 'Checking whether the post went out');
    }
  }
}

/** Publishes to Bluesky (any PDS) with an app password, through the AT Protocol's own client. */
export class BlueskyPublisher implements PlatformPublisher {
  readonly platform = 'bluesky' as const;

  async connect(account: Pick<StoredAccount, 'handle' | 'service' | 'settings'>, secret: string): Promise<PublisherSession & { identity: string }> {
    const agent = new AtpAgent({ service: account.service });
    try {
      await agent.login({ identifier: account.handle, password: secret });
    } catch (error) {
      const failure = blueskyError(error, `Logging in to ${account.service} as ${account.handle}`);
      if (failure.retryable) throw failure;
      throw new PublishFailedError(`${account.service} refused the app password for ${account.handle}: ${error instanceof Error ? error.message : String(error)}.`, {
        retryable: false,
        cause: error,
        hint: 'Create an app password in Bluesky (Settings → Privacy and security → App passwords), then `smm account rm ID` and `smm account add` again.',
      });
    }
    const session = agent.session;
    if (!session) throw new PublishFailedError(`Logging in to ${account.service} gave no session.`, { retryable: true });
    return new BlueskySession(agent, session.handle, session.did);
  }
}

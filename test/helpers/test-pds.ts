import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';

export interface PdsUser {
  handle: string;
  did: string;
  password: string;
  appPassword: string;
}

export interface TestPds {
  url: string;
  createUser(handle: string): Promise<PdsUser>;
  /** Every app.bsky.feed.post record of a repo, as the PDS itself lists them. */
  listPosts(did: string): Promise<Array<{ uri: string; cid: string; value: Record<string, unknown> }>>;
  getPost(uri: string): Promise<{ uri: string; cid: string; value: Record<string, unknown> }>;
  close(): Promise<void>;
}

/**
 * The reference PDS (SQLite) with an in-memory PLC directory, from
 * @atproto/dev-env: offline, no AppView. Its temporary folders go under a
 * TMPDIR of our own, removed on close. Start one per test file.
 */
export async function startTestPds(): Promise<TestPds> {
  const temp = mkdtempSync(path.join(tmpdir(), 'smm-pds-'));
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  const { TestNetworkNoAppView } = await import('@atproto/dev-env');
  const network = await TestNetworkNoAppView.create({});
  const url = network.pds.url;
  const reader = new AtpAgent({ service: url });
  return {
    url,
    async createUser(handle) {
      const agent = new AtpAgent({ service: url });
      const password = `pw-${handle}-long-enough`;
      const created = await agent.createAccount({ handle, email: `${handle}@mail.test`, password });
      const app = await agent.com.atproto.server.createAppPassword({ name: 'smm' });
      return { handle, did: created.data.did, password, appPassword: app.data.password };
    },
    async listPosts(did) {
      const records: Array<{ uri: string; cid: string; value: Record<string, unknown> }> = [];
      let cursor: string | undefined;
      do {
        const page = await reader.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 100, cursor });
        records.push(...page.data.records.map((record) => ({ uri: record.uri, cid: record.cid, value: record.value as Record<string, unknown> })));
        cursor = page.data.cursor;
      } while (cursor);
      return records;
    },
    async getPost(uri) {
      const [, , repo, collection, rkey] = uri.split('/');
      const record = await reader.com.atproto.repo.getRecord({ repo: repo!, collection: collection!, rkey: rkey! });
      return { uri: record.data.uri, cid: record.data.cid!, value: record.data.value as Record<string, unknown> };
    },
    async close() {
      await network.close();
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

import type { Kysely, Selectable } from 'kysely';
import { ConflictError, PostNotFoundError } from '../../core/errors.js';
import type { Post } from '../../core/posts/index.js';
import type { ClaimRequest, PartResult, Publication, PublicationRepository, PublishPlan } from '../../core/publishing/index.js';
import type { Database, PublicationTable } from './database-schema.js';
import { POST_COLUMNS, toPost } from './post-rows.js';
import { nowIso, type StorageContext } from './storage-context.js';
import { sqlLimit } from './sql-limit.js';

function toPublication(row: Selectable<PublicationTable>): Publication {
  return {
    postId: Number(row.post_id),
    accountId: row.account_id === null ? null : Number(row.account_id),
    claimant: row.claimant,
    leaseUntil: row.lease_until,
    attempts: Number(row.attempts),
    plan: row.plan === null ? null : (JSON.parse(row.plan) as PublishPlan),
    progress: row.progress === null ? [] : (JSON.parse(row.progress) as PartResult[]),
    lastError: row.last_error,
  };
}

function lostClaim(postId: number): ConflictError {
  return new ConflictError(`Another publisher took over post ${postId}; this run stops sending it.`, 'Nothing to do: the other publisher finishes it.');
}

/**
 * Claims are compare-and-set updates (`... where status in (...)`) inside a
 * transaction: on SQLite the write lock, on PostgreSQL the row lock, makes
 * the second of two concurrent claims update no row.
 */
export class KyselyPublicationRepository implements PublicationRepository {
  constructor(private readonly context: StorageContext) {}

  async claim(postId: number, from: readonly string[], request: ClaimRequest): Promise<boolean> {
    // `in ()` is a syntax error on PostgreSQL: no status listed claims nothing.
    if (from.length === 0) return false;
    return this.context.db.transaction().execute((trx) => this.claimIn(trx, postId, from, request));
  }

  private async claimIn(trx: Kysely<Database>, postId: number, from: readonly string[], request: ClaimRequest): Promise<boolean> {
    const result = await trx
      .updateTable('posts')
      .set({ status: 'publishing', updated_at: request.now })
      .where('id', '=', postId)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    const fresh = { claimant: request.claimant, lease_until: request.leaseUntil, attempts: 0, plan: null, progress: null, last_error: null, account_id: null, updated_at: request.now };
    await trx
      .insertInto('publications')
      .values({ post_id: postId, ...fresh, created_at: request.now })
      .onConflict((conflict) => conflict.column('post_id').doUpdateSet(fresh))
      .execute();
    return true;
  }

  async claimDue(platforms: readonly string[], limit: number, request: ClaimRequest, workspace?: string): Promise<number[]> {
    if (platforms.length === 0) return [];
    const due = await this.context.db
      .selectFrom('posts')
      .select('posts.id')
      .where('posts.status', '=', 'scheduled')
      .where('posts.scheduled_at', '<=', request.now)
      .where('posts.platform', 'in', [...platforms])
      .$if(workspace !== undefined, (query) =>
        query.where('posts.workspace_id', '=', (eb) => eb.selectFrom('workspaces').select('workspaces.id').where('workspaces.name', '=', workspace!)),
      )
      .orderBy('posts.scheduled_at')
      .orderBy('posts.id')
      .limit(sqlLimit(limit))
      .execute();
    const claimed: number[] = [];
    for (const { id } of due) {
      if (await this.claim(Number(id), ['scheduled'], request)) claimed.push(Number(id));
    }
    return claimed;
  }

  async inFlight(workspace?: string): Promise<Publication[]> {
    const rows = await this.context.db
      .selectFrom('posts')
      .leftJoin('publications', 'publications.post_id', 'posts.id')
      .select([
        'posts.id as id',
        'publications.account_id',
        'publications.claimant',
        'publications.lease_until',
        'publications.attempts',
        'publications.plan',
        'publications.progress',
        'publications.last_error',
        'publications.created_at',
        'publications.updated_at',
      ])
      .where('posts.status', '=', 'publishing')
      .$if(workspace !== undefined, (query) =>
        query.where('posts.workspace_id', '=', (eb) => eb.selectFrom('workspaces').select('workspaces.id').where('workspaces.name', '=', workspace!)),
      )
      .orderBy('posts.id')
      .execute();
    return rows.map((row) =>
      toPublication({
        post_id: row.id,
        account_id: row.account_id,
        claimant: row.claimant,
        lease_until: row.lease_until,
        attempts: row.attempts ?? 0,
        plan: row.plan,
        progress: row.progress,
        last_error: row.last_error,
        created_at: row.created_at ?? '',
        updated_at: row.updated_at ?? '',
      }),
    );
  }

  async takeOver(postId: number, previousClaimant: string | null, request: ClaimRequest): Promise<boolean> {
    return this.context.db.transaction().execute(async (trx) => {
      const post = await trx.selectFrom('posts').select('status').where('id', '=', postId).executeTakeFirst();
      if (post?.status !== 'publishing') return false;
      const result = await trx
        .updateTable('publications')
        .set({ claimant: request.claimant, lease_until: request.leaseUntil, updated_at: request.now })
        .where('post_id', '=', postId)
        .where((eb) => (previousClaimant === null ? eb('claimant', 'is', null) : eb('claimant', '=', previousClaimant)))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return true;
      // A post set to "publishing" by hand has no publication row yet: nothing was sent for it.
      const inserted = await trx
        .insertInto('publications')
        .values({ post_id: postId, claimant: request.claimant, lease_until: request.leaseUntil, attempts: 0, created_at: request.now, updated_at: request.now })
        .onConflict((conflict) => conflict.column('post_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    });
  }

  async get(postId: number): Promise<Publication | undefined> {
    const row = await this.context.db.selectFrom('publications').selectAll().where('post_id', '=', postId).executeTakeFirst();
    return row && toPublication(row);
  }

  async saveIntent(postId: number, claimant: string, plan: PublishPlan): Promise<void> {
    await this.updateClaimed(postId, claimant, { plan: JSON.stringify(plan), progress: JSON.stringify([]), account_id: plan.accountId });
  }

  async saveProgress(postId: number, claimant: string, progress: PartResult[], leaseUntil: string): Promise<void> {
    await this.updateClaimed(postId, claimant, { progress: JSON.stringify(progress), lease_until: leaseUntil });
  }

  async complete(postId: number, claimant: string, result: { externalId: string; url: string; publishedAt: string }): Promise<Post> {
    return this.context.db.transaction().execute(async (trx) => {
      const now = nowIso(this.context);
      const released = await trx
        .updateTable('publications')
        .set({ claimant: null, lease_until: null, last_error: null, updated_at: now })
        .where('post_id', '=', postId)
        .where('claimant', '=', claimant)
        .executeTakeFirst();
      if (Number(released.numUpdatedRows) !== 1) throw lostClaim(postId);
      const row = await trx
        .updateTable('posts')
        .set({ status: 'published', external_id: result.externalId, url: result.url, published_at: result.publishedAt, updated_at: now })
        .where('id', '=', postId)
        .where('status', '=', 'publishing')
        .returning(POST_COLUMNS)
        .executeTakeFirst();
      if (!row) throw new PostNotFoundError(postId);
      return toPost(row);
    });
  }

  async fail(postId: number, claimant: string, message: string): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const now = nowIso(this.context);
      const released = await trx
        .updateTable('publications')
        .set({ claimant: null, lease_until: null, last_error: message, updated_at: now })
        .where('post_id', '=', postId)
        .where('claimant', '=', claimant)
        .executeTakeFirst();
      if (Number(released.numUpdatedRows) !== 1) throw lostClaim(postId);
      await trx.updateTable('posts').set({ status: 'failed', updated_at: now }).where('id', '=', postId).where('status', '=', 'publishing').execute();
    });
  }

  async release(postId: number, claimant: string, message: string, retryAt: string): Promise<void> {
    await this.context.db
      .updateTable('publications')
      .set((eb) => ({ claimant: null, lease_until: retryAt, last_error: message, attempts: eb('attempts', '+', 1), updated_at: nowIso(this.context) }))
      .where('post_id', '=', postId)
      .where('claimant', '=', claimant)
      .execute();
  }

  async errorsOf(postIds: readonly number[]): Promise<Map<number, string>> {
    if (postIds.length === 0) return new Map();
    const rows = await this.context.db
      .selectFrom('publications')
      .select(['post_id', 'last_error'])
      .where('post_id', 'in', [...postIds])
      .where('last_error', 'is not', null)
      .execute();
    return new Map(rows.map((row) => [Number(row.post_id), row.last_error!]));
  }

  private async updateClaimed(postId: number, claimant: string, values: Partial<Omit<PublicationTable, 'post_id'>>): Promise<void> {
    const result = await this.context.db
      .updateTable('publications')
      .set({ ...values, updated_at: nowIso(this.context) })
      .where('post_id', '=', postId)
      .where('claimant', '=', claimant)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw lostClaim(postId);
  }
}

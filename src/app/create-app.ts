import { mkdirSync } from 'node:fs';
import { openStorage } from '../adapters/storage/open-storage.js';
import type { Clock, Storage } from '../core/ports.js';
import { PostService } from '../core/posts/post-service.js';
import { ProfileService } from '../core/profiles/profile-service.js';
import type { ImportService } from '../core/importers/import-service.js';
import { sqlitePath, type Config } from './config.js';
import { sha256Hex } from './hash-text.js';
import { lazy } from './lazy.js';

/** Everything a front door needs, built from config in one place. */
export interface App {
  readonly config: Config;
  readonly clock: Clock;
  readonly storage: Storage;
  readonly profiles: ProfileService;
  readonly posts: PostService;
  /** Loaded on first use: the importers are only needed by `import`. */
  imports(): Promise<ImportService>;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * The composition root: opens storage and builds the services. Adapters with
 * a start-up cost (models, the vector index) are built on first use.
 */
export async function createApp(config: Config, overrides: { clock?: Clock } = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const storage = await openStorage({ url: config.databaseUrl, sqlitePath: sqlitePath(config), clock });
  const profiles = new ProfileService(storage.profiles);
  const posts = new PostService({ posts: storage.posts, profiles, clock, hashText: sha256Hex });
  const imports = lazy(async () => {
    const { ImportService } = await import('../core/importers/import-service.js');
    return new ImportService({ posts: storage.posts, profiles: storage.profiles, clock, hashText: sha256Hex });
  });
  return {
    config,
    clock,
    storage,
    profiles,
    posts,
    imports: imports.get,
    close: () => storage.close(),
  };
}

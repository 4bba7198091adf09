// A second process for the SQLite concurrency tests. Tests cannot spawn
// TypeScript directly on Node 20, so this loads the adapter's source through
// a Vite module runner (vite ships with vitest), kept open while it runs
// because the adapter loads its drivers lazily.
//   node test/storage-contract-child.mjs insert <sqlitePath> <posts> <tag>
//     prints "opening" on stderr, opens the database (running migrations), creates or finds profile "shared",
//     inserts <posts> posts in batches of 50 (keys shared-<n> and <tag>-<n> alternate)
//     and prints {"inserted":…,"duplicates":…}.
import process from 'node:process';
import { setImmediate } from 'node:timers';
import { URL } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const [command, sqlitePath, countText, tag] = process.argv.slice(2);
if (command !== 'insert') throw new Error(`unknown command ${command}`);
const server = await createServer({
  configFile: false,
  logLevel: 'silent',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
const load = (file) => runner.import(new URL(`../src/${file}`, import.meta.url).pathname);
const { openStorage } = await load('adapters/storage/open-storage.ts');
const { ProfileInputSchema } = await load('core/profiles/profile-schema.ts');
const { PostInputSchema } = await load('core/posts/post-schema.ts');

// Tells the test this process is about to open (and migrate) the file.
process.stderr.write('opening\n');
const storage = await openStorage({ sqlitePath });
let profile = await storage.profiles.findByHandle('default', 'shared');
if (!profile) {
  profile = await storage.profiles
    .create('default', ProfileInputSchema.parse({ handle: 'shared', displayName: 'Shared' }))
    .catch(async (error) => {
      if (error.code !== 'conflict') throw error;
      return storage.profiles.findByHandle('default', 'shared');
    });
}
const total = Number(countText);
let inserted = 0;
let duplicates = 0;
for (let start = 0; start < total; start += 50) {
  const posts = [];
  for (let index = start; index < Math.min(total, start + 50); index += 1) {
    const key = index % 2 === 0 ? `shared-${index}` : `${tag}-${index}`;
    posts.push({ ...PostInputSchema.parse({ platform: 'x', text: `${tag} post ${index}` }), dedupeKey: key });
  }
  const result = await storage.posts.insertMany(profile.id, posts);
  inserted += result.inserted;
  duplicates += result.duplicates;
  await new Promise((resolve) => setImmediate(resolve));
}
await storage.close();
await runner.close();
await server.close();
process.stdout.write(`${JSON.stringify({ inserted, duplicates })}\n`);

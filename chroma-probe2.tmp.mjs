import { ChromaClient } from 'chromadb';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
const dir = mkdtempSync('/tmp/chprobe-');
const port = 18556;
const child = spawn('node', ['node_modules/chromadb/dist/cli.mjs', 'run', '--path', dir, '--port', String(port)], { stdio: 'ignore' });
for (;;) { try { const r = await fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`); if (r.ok) break; } catch {} await new Promise(r => setTimeout(r, 100)); }
const client = new ChromaClient({ host: '127.0.0.1', port });
const D = Number(process.argv[2] ?? 256), P = 1000, N = 100_000;
const rnd = () => Array.from({ length: D }, () => Math.random() - 0.5);
let t = performance.now();
const c = await client.getOrCreateCollection({ name: `all`, embeddingFunction: null, configuration: { hnsw: { space: 'cosine' } } });
for (let s = 0; s < N; s += 5000) {
  await c.upsert({ ids: Array.from({ length: 5000 }, (_, i) => String(s + i + 1)), embeddings: Array.from({ length: 5000 }, rnd), metadatas: Array.from({ length: 5000 }, (_, i) => ({ profileId: ((s + i) % P) + 1, platform: 'x' })) });
}
console.log('insert s', (performance.now() - t) / 1000);
const byIds = [], filtered = [];
for (let q = 0; q < 200; q++) {
  const p = 1 + Math.floor(Math.random() * P);
  const ids = Array.from({ length: N / P }, (_, i) => String(p + i * P));
  let s = performance.now();
  const r = await c.get({ ids, include: ['embeddings', 'metadatas'] });
  byIds.push(performance.now() - s);
  if (r.ids.length !== ids.length) throw new Error('bad ' + r.ids.length);
  s = performance.now();
  await c.get({ where: { profileId: p }, include: ['embeddings', 'metadatas'], limit: 2001 });
  filtered.push(performance.now() - s);
}
const p50 = a => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log('get by ids p50', p50(byIds), 'filtered get p50', p50(filtered));
child.kill();

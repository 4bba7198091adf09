// Bundles the compiled CLI (dist/entrypoints/cli/main.js) into dist/cli/:
// node then loads a handful of files instead of ~450 (kysely alone is 263
// ES modules), which is most of `smm`'s start-up time. Native and heavy
// packages stay external and load only in the commands that need them.
import { rolldown } from 'rolldown';

const BUNDLED = new Set(['kysely', 'zod', 'commander']);

const bundle = await rolldown({
  // The import worker thread's entry is a file of its own, beside main.js (worker-import-reader.ts finds it there).
  input: { main: 'dist/entrypoints/cli/main.js', 'import-worker': 'dist/app/import-worker.js' },
  platform: 'node',
  // A folder's index.ts (its surface for other layers, see docs/ARCHITECTURE.md) only re-exports and
  // defines loaders: importing it for one name must not bring in the modules behind the other names.
  treeshake: { moduleSideEffects: [{ test: /[\\/]dist[\\/](core|adapters|app|entrypoints)[\\/][^\\/]+[\\/]index\.js$/, sideEffects: false }] },
  external: (id) => {
    if (id.startsWith('node:')) return true;
    if (id.startsWith('.') || id.startsWith('/')) return false;
    const name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0];
    return !BUNDLED.has(name);
  },
  logLevel: 'warn',
});
await bundle.write({ dir: 'dist/cli', format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: false });
await bundle.close();

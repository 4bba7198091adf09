#!/usr/bin/env node
// The `smm` command. `npm run build` compiles src/ to dist/ and bundles the
// CLI into dist/cli/ (one start-up file instead of hundreds).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('error: smm is not built yet.\nhint: run `npm run build` in the project folder first.\n');
    process.exit(1);
  }
  throw error;
});

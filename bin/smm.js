#!/usr/bin/env node
// The `smm` command. Built code lives in dist/ (`npm run build`).
import('../dist/entrypoints/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/entrypoints')) {
    process.stderr.write('error: smm is not built yet.\nhint: run `npm run build` in the project folder first.\n');
    process.exit(1);
  }
  throw error;
});

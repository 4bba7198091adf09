import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of smm's package.json, found by walking up from this file: the
 * same answer from src/ (tests), dist/ (tsc output) and the CLI bundle.
 */
export function packageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(folder, 'package.json')) && existsSync(path.join(folder, 'samples'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error('Cannot find the smm package folder (package.json with samples/).');
    folder = parent;
  }
}

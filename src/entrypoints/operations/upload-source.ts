import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openExportSource } from '../../adapters/files/index.js';
import type { ExportSource } from '../../core/importers/index.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * An uploaded export as the importers read it. A single file stays in memory;
 * a zip (an X archive as downloaded) goes to a temporary file because the zip
 * reader needs random access. `dispose` removes that file.
 */
export async function uploadSource(bytes: Uint8Array, filename: string): Promise<{ source: ExportSource; dispose(): Promise<void> }> {
  const name = path.basename(filename.replace(/\\/g, '/')) || 'upload';
  if (ZIP_MAGIC.every((byte, index) => bytes[index] === byte)) {
    const directory = await mkdtemp(path.join(tmpdir(), 'smm-upload-'));
    const file = path.join(directory, name.toLowerCase().endsWith('.zip') ? name : `${name}.zip`);
    await writeFile(file, bytes);
    try {
      const source = await openExportSource(file);
      return { source: { ...source, label: name }, dispose: () => rm(directory, { recursive: true, force: true }) };
    } catch (error) {
      await rm(directory, { recursive: true, force: true });
      throw error;
    }
  }
  const source: ExportSource = {
    label: name,
    files: async () => [
      {
        name,
        size: bytes.byteLength,
        async *open() {
          yield bytes;
        },
      },
    ],
  };
  return { source, dispose: async () => undefined };
}

import type { ExportFile, ExportSource } from '../../src/core/importers/export-source.js';

const encoder = new TextEncoder();

/** One in-memory file streamed in chunks of `chunkSize` bytes (small chunks put token boundaries across chunk edges). */
export function memoryFile(name: string, content: string | Uint8Array, options: { chunkSize?: number; unknownSize?: boolean; onOpen?: () => void } = {}): ExportFile {
  const bytes = typeof content === 'string' ? encoder.encode(content) : content;
  const chunkSize = options.chunkSize ?? 64 * 1024;
  return {
    name,
    size: options.unknownSize ? null : bytes.length,
    async *open() {
      options.onOpen?.();
      for (let start = 0; start < bytes.length; start += chunkSize) yield bytes.subarray(start, start + chunkSize);
    },
  };
}

/** An export held in memory, for core tests. Records how often each file was opened. */
export function memorySource(
  files: Record<string, string | Uint8Array>,
  options: { chunkSize?: number; label?: string; unknownSizes?: boolean } = {},
): ExportSource & { opened: Map<string, number> } {
  const opened = new Map<string, number>();
  const list = Object.entries(files).map(([name, content]) =>
    memoryFile(name, content, { chunkSize: options.chunkSize, unknownSize: options.unknownSizes, onOpen: () => opened.set(name, (opened.get(name) ?? 0) + 1) }),
  );
  return { label: options.label ?? 'memory', files: async () => [...list], opened };
}

/** Streams a string as text chunks of `size` characters. */
export async function* textChunks(text: string, size: number): AsyncGenerator<string> {
  for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The error a promise rejects with (fails the test when it resolves), typed as the caller expects. */
export async function rejectionOf<T = Error>(promise: Promise<unknown>): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/**
 * What the importers read: the files of a platform's data export, wherever
 * they live (a single file, an extracted folder, a zip). The adapter in
 * src/adapters/files implements it; the core never touches the file system.
 */

/** One file of an export. */
export interface ExportFile {
  /** Path inside the export, '/'-separated (for a single file: its base name). */
  name: string;
  /** Size in bytes (uncompressed) when known. */
  size: number | null;
  /** Streams the file's bytes; each call starts again from the beginning. */
  open(): AsyncIterable<Uint8Array>;
  /**
   * Set by the import service: a reader that has read the whole file says
   * here what it held (`1 array "orderedItems" with 0 records; "totalItems": 1,557`),
   * for the message when a file yields no post.
   */
  onDescribed?: (description: string) => void;
}

/** A whole export. */
export interface ExportSource {
  /** What the user pointed at, for messages (e.g. the path they passed). */
  label: string;
  /**
   * The path the export was opened from, as given (relative to the working
   * directory, which threads share), when it is on disk: another thread can
   * open it again and read the same files under the same label.
   */
  path?: string;
  /** Every regular file of the export, ordered by name. */
  files(): Promise<ExportFile[]>;
  /** What files() passed over (links out of the folder, cycles), known once files() has run. */
  skipped?(): readonly SkippedEntry[];
}

/** A path of the export that was not read, and why. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

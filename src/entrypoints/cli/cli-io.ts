import type { AppOverrides } from '../../app/create-app.js';

/** Where a CLI run reads its environment and writes its output: the process, or a test's buffers. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Set by the run; the process exits with it. */
  exitCode: number;
  /** Test seam: parts of the app to replace (a scripted slow model…); a real run has none. */
  appOverrides?: AppOverrides;
  /** Where secrets are read from (a prompt on a terminal, else piped in); never argv. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

export function processIo(): CliIo {
  return { env: process.env, stdout: process.stdout, stderr: process.stderr, exitCode: 0, stdin: process.stdin };
}

import type { Command } from 'commander';
import type { App } from '../../app/create-app.js';
import { loadConfig, type Config } from '../../app/config.js';
import type { ProgressEvent, ProgressListener } from '../../core/ports.js';
import type { Scope } from '../../core/profiles/index.js';
import type { CliIo } from './cli-io.js';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  workspace?: string;
  quiet?: boolean;
}

/** What every command handler gets: parsed global options, config, and the app built on first use. */
export class CliContext {
  readonly options: GlobalOptions;
  private appPromise: Promise<App> | undefined;
  private configValue: Config | undefined;
  /** Aborted on Ctrl-C: long work stops cleanly and keeps what it finished. */
  readonly abort = new AbortController();

  readonly env: NodeJS.ProcessEnv;
  readonly stdout: CliIo['stdout'];
  readonly stderr: CliIo['stderr'];
  readonly stdin: CliIo['stdin'];

  constructor(
    command: Command,
    private readonly io: CliIo,
  ) {
    this.options = command.optsWithGlobals<GlobalOptions>();
    this.env = io.env;
    this.stdout = io.stdout;
    this.stderr = io.stderr;
    this.stdin = io.stdin;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get json(): boolean {
    return this.options.json === true;
  }

  get config(): Config {
    this.configValue ??= loadConfig(this.env, { dataDir: this.options.dataDir, workspace: this.options.workspace });
    return this.configValue;
  }

  get scope(): Scope {
    return { workspace: this.config.workspace.toLowerCase() };
  }

  /** Builds the app (opens the database) on first use; heavy modules stay unloaded until then. */
  app(): Promise<App> {
    this.appPromise ??= import('../../app/create-app.js').then(({ createApp }) =>
      createApp(this.config, {
        onModelDownload: (event) => this.downloadProgress(event),
        // Test hook for the crash-recovery test: die between the platform's answer and storing it.
        afterPlatformCall: this.env.SMM_TEST_CRASH_AFTER_PLATFORM_CALL === '1' ? () => process.kill(process.pid, 'SIGKILL') : undefined,
        ...this.io.appOverrides,
      }),
    );
    return this.appPromise;
  }

  /** Writes a result: JSON on stdout with --json, else the human text. */
  print(value: unknown, human: () => string): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else {
      const text = human();
      if (text) this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  private downloadBar: Promise<{ listener: ProgressListener; stop(): void }> | undefined;

  /** The model download's progress bar, drawn on first progress. */
  private downloadProgress(event: ProgressEvent): void {
    this.downloadBar ??= import('./progress-bar.js').then(({ createProgressBar }) => {
      this.note('Downloading the embedded model once into the cache (Ctrl-C stops; the next run resumes)…');
      return createProgressBar(this.stderr, !this.json && !this.options.quiet);
    });
    void this.downloadBar.then((bar) => (event.done !== undefined && event.total !== undefined && event.done >= event.total ? bar.stop() : bar.listener(event)));
  }

  /** A note for people (stderr, so stdout stays clean for pipes); silent with --json or --quiet. */
  note(text: string): void {
    if (!this.json && !this.options.quiet) this.stderr.write(`${text}\n`);
  }

  /** For commands whose outcome is not an error but still not a success (e.g. `doctor` finding a problem). */
  setExitCode(code: number): void {
    this.io.exitCode = code;
  }

  async close(): Promise<void> {
    if (this.appPromise) await (await this.appPromise).close();
  }
}

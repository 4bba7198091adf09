import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { IndexUnavailableError } from '../../core/errors.js';

/** Options of the managed local Chroma server. */
export interface ChromaServerOptions {
  /** The app's data folder: the server keeps its data in `<dataDir>/chroma`, its log and state files beside it. */
  dataDir: string;
  /** Port to listen on; default: a free port chosen at start. */
  port?: number;
  /** How long to wait for the server to answer its heartbeat. Default 20 s. */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
}

/** A running Chroma server, started by this process (`owned`) or found running. */
export interface ChromaServerHandle {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** True when this process started the server: it stops it on `stop()` and on exit. */
  readonly owned: boolean;
  readonly logFile: string;
  /** Stops the server if this process owns it (SIGTERM, then SIGKILL after the timeout); otherwise only lets go. */
  stop(): Promise<void>;
}

interface ServerState {
  host: string;
  port: number;
  pid: number;
  ownerPid: number;
  startedAt: string;
}

const HOST = '127.0.0.1';
const STATE_FILE = 'chroma-server.json';
const LOCK_FILE = 'chroma-server.lock';
const LOG_FILE = 'chroma-server.log';
/** A lock older than this belongs to a process that died mid-start. */
const STALE_LOCK_MS = 60_000;

/** The folder of the installed `chromadb` package (its CLI starts the bundled server). */
export function chromaPackageDir(): string {
  const require = createRequire(import.meta.url);
  // Its exports map hides package.json, so walk up from the entry point.
  let directory = path.dirname(require.resolve('chromadb'));
  while (directory !== path.dirname(directory)) {
    const manifest = path.join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'chromadb') return directory;
    directory = path.dirname(directory);
  }
  throw new IndexUnavailableError('The chromadb package is not installed.', undefined, 'Reinstall smm, or set CHROMA_URL to an existing Chroma server.');
}

/** True when a Chroma server answers its heartbeat at host:port within the timeout. */
export async function chromaHeartbeat(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}:${port}/api/v2/heartbeat`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port assigned.'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readState(file: string): Promise<ServerState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

async function reusable(file: string): Promise<ServerState | undefined> {
  const state = await readState(file);
  if (!state || !isAlive(state.pid)) return undefined;
  return (await chromaHeartbeat(state.host, state.port, 1_000)) ? state : undefined;
}

/** Takes the start lock (a file created exclusively); a lock left by a dead or stuck process is broken. */
async function acquireLock(file: string, deadline: number, onWait: () => Promise<boolean>): Promise<(() => Promise<void>) | undefined> {
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, at: Date.now() }));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Someone else is starting it: their server may already be up.
    if (await onWait()) return undefined;
    const holder = await readFile(file, 'utf8')
      .then((text) => JSON.parse(text) as { pid: number; at: number })
      .catch(() => undefined);
    if (!holder || !isAlive(holder.pid) || Date.now() - holder.at > STALE_LOCK_MS) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new IndexUnavailableError(
        `Another smm process (pid ${holder.pid}) is starting the local Chroma server and has not finished.`,
        undefined,
        `Wait for it, or delete ${file} if no smm process is running.`,
      );
    }
    await sleep(100);
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Returns the managed local Chroma server of this data folder: the one
 * already running (found through its state file and heartbeat), or a new
 * child process of the bundled `chromadb` CLI, never in-process (its native
 * call blocks the event loop). Two processes racing to start it agree through
 * a lock file. The server listens on 127.0.0.1 only and logs to
 * `<dataDir>/chroma-server.log`.
 */
export async function ensureChromaServer(options: ChromaServerOptions): Promise<ChromaServerHandle> {
  const dataDir = path.resolve(options.dataDir);
  const stateFile = path.join(dataDir, STATE_FILE);
  const logFile = path.join(dataDir, LOG_FILE);
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const deadline = Date.now() + startTimeoutMs;
  await mkdir(path.join(dataDir, 'chroma'), { recursive: true });

  const found = await reusable(stateFile);
  if (found) return foreignHandle(found, logFile);

  let runningState: ServerState | undefined;
  const release = await acquireLock(path.join(dataDir, LOCK_FILE), deadline, async () => {
    runningState = await reusable(stateFile);
    return runningState !== undefined;
  });
  if (!release) return foreignHandle(runningState!, logFile);
  try {
    // It may have come up while we waited for the lock.
    const late = await reusable(stateFile);
    if (late) return foreignHandle(late, logFile);
    const port = options.port ?? (await freePort());
    const child = spawnServer(dataDir, port, logFile);
    await waitUntilReady(child, port, deadline, logFile);
    const state: ServerState = { host: HOST, port, pid: child.pid!, ownerPid: process.pid, startedAt: new Date().toISOString() };
    await writeFile(stateFile, JSON.stringify(state, null, 2));
    return ownedHandle(state, child, stateFile, logFile, stopTimeoutMs);
  } finally {
    await release();
  }
}

function spawnServer(dataDir: string, port: number, logFile: string): ChildProcess {
  const cli = path.join(chromaPackageDir(), 'dist', 'cli.mjs');
  const logFd = openSync(logFile, 'a');
  try {
    // Detached: a Ctrl-C in the terminal reaches smm, which stops the server
    // itself once its work is saved. unref: the server never keeps smm alive.
    const child = spawn(process.execPath, [cli, 'run', '--path', path.join(dataDir, 'chroma'), '--host', HOST, '--port', String(port)], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.unref();
    return child;
  } finally {
    closeSync(logFd);
  }
}

async function waitUntilReady(child: ChildProcess, port: number, deadline: number, logFile: string): Promise<void> {
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
  child.once('error', (error) => (exited = error.message));
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new IndexUnavailableError(
        `The local Chroma server exited at start (${exited}). Last lines of ${logFile}:\n${tail(logFile)}`,
        undefined,
        'Check the log above, or set CHROMA_URL to an existing Chroma server.',
      );
    }
    if (await chromaHeartbeat(HOST, port, 500)) return;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new IndexUnavailableError(
    `The local Chroma server did not answer on port ${port} in time. Last lines of ${logFile}:\n${tail(logFile)}`,
    undefined,
    'Check the log above, or set CHROMA_URL to an existing Chroma server.',
  );
}

function foreignHandle(state: ServerState, logFile: string): ChromaServerHandle {
  return { host: state.host, port: state.port, url: `http://${state.host}:${state.port}`, pid: state.pid, owned: false, logFile, stop: async () => {} };
}

function ownedHandle(state: ServerState, child: ChildProcess, stateFile: string, logFile: string, stopTimeoutMs: number): ChromaServerHandle {
  let exitedAt: number | undefined = child.exitCode !== null || child.signalCode !== null ? Date.now() : undefined;
  const exited = new Promise<void>((resolve) => {
    if (exitedAt !== undefined) resolve();
    child.once('exit', () => {
      exitedAt = Date.now();
      resolve();
    });
  });
  // Last resort when the owner exits without calling stop(): only synchronous work is possible here.
  const onExit = () => {
    if (exitedAt === undefined) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      if (exitedAt === undefined) {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), stopTimeoutMs)));
        const outcome = await Promise.race([exited.then(() => 'exited' as const), timeout]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      const current = await readState(stateFile);
      if (current?.pid === state.pid) await rm(stateFile, { force: true });
    })();
    return stopping;
  };
  return { host: state.host, port: state.port, url: `http://${state.host}:${state.port}`, pid: state.pid, owned: true, logFile, stop };
}

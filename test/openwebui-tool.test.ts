import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryVectorIndex } from '../src/adapters/vector/memory-vector-index.js';
import { loadConfig } from '../src/app/config.js';
import { createApp, type App } from '../src/app/create-app.js';
import { apiKeyServiceFor } from '../src/entrypoints/http/api-keys.js';
import { startServer, type RunningServer } from '../src/entrypoints/http/start-server.js';
import { seedProfile } from './http-harness.js';
import { skipUnless } from './helpers/optional-needs.js';

/**
 * The Open WebUI Python files loaded as Open WebUI loads them (frontmatter,
 * exec, class, valves, methods with a recording event emitter) by Debian's
 * python3 with pydantic 1.10 and requests, against a real listening server.
 */

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const LOADER = path.join(ROOT, 'test', 'openwebui-loader.py');

/** What the Python side lacks on this machine (Debian's python3 with pydantic and requests), or undefined. */
function pythonMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import pydantic, requests'], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, timeout: 30_000 });
  if (probe.error) return `${PYTHON} cannot run (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} cannot import pydantic and requests (${probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`})`;
  return undefined;
}
const skipReason = skipUnless('Open WebUI Python tool tests', pythonMissing(), 'Install them with `apt-get install python3-pydantic python3-requests` (.ci/run does).');

interface Loaded {
  kind: string;
  frontmatter: Record<string, string>;
  specs: Array<{ name: string; description: string; parameters: Record<string, { annotation: string | null; description: string | null; required: boolean }> }>;
  citation: boolean | null;
  calls: Array<{ method: string; events: Array<{ type: string; data: Record<string, unknown> }>; type: string; result?: unknown; html?: string; headers?: Record<string, string> }>;
}

async function load(file: string, plan: Record<string, unknown>): Promise<Loaded> {
  const { stdout } = await run(PYTHON, [LOADER, path.join(ROOT, 'openwebui', file), JSON.stringify(plan)], { env: { PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1' }, timeout: 60_000 });
  return JSON.parse(stdout) as Loaded;
}

let dir: string;
let app: App;
let server: RunningServer;
let key: string;
let draftId: number;

beforeAll(async () => {
  if (skipReason) return;
  dir = await mkdtemp(path.join(tmpdir(), 'smm-owui-'));
  app = await createApp(loadConfig({ SMM_HOME: dir, SMM_LLM: 'scripted' }), { vectorIndex: new MemoryVectorIndex() });
  await seedProfile(app, 'default', 'acme');
  draftId = (await app.posts.add({ workspace: 'default' }, 'acme', { platform: 'x', text: 'Draft to approve from Open WebUI.', status: 'draft' })).id;
  key = (await apiKeyServiceFor(app).create({ name: 'open-webui', workspace: 'default' })).key;
  server = await startServer(app, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason)('openwebui/smm_tool.py', () => {
  it('has the frontmatter and method schemas Open WebUI reads', async () => {
    const loaded = await load('smm_tool.py', { valves: { base_url: server.url, api_key: key } });
    expect(loaded.kind).toBe('tool');
    for (const field of ['title', 'author', 'version', 'description', 'required_open_webui_version']) expect(loaded.frontmatter[field], field).toBeTruthy();
    expect(loaded.citation).toBe(false);
    const names = loaded.specs.map((spec) => spec.name).sort();
    expect(names).toEqual(['approve_post', 'create_profile', 'find_posts', 'list_profiles', 'rewrite_post', 'schedule_post', 'score_voice', 'write_posts']);
    for (const spec of loaded.specs) {
      expect(spec.description.length, spec.name).toBeGreaterThan(20);
      for (const [name, parameter] of Object.entries(spec.parameters)) {
        expect(parameter.annotation, `${spec.name}.${name} type hint`).toBeTruthy();
        expect(parameter.description, `${spec.name}.${name} :param:`).toBeTruthy();
      }
    }
  });

  it('calls the server with the valves, emits status and citation events, and renders an inline card', async () => {
    const loaded = await load('smm_tool.py', {
      valves: { base_url: server.url, api_key: key },
      calls: [
        { method: 'list_profiles' },
        { method: 'find_posts', args: { handle: '@acme', search: 'Guji' } },
        { method: 'write_posts', args: { handle: 'acme', platform: 'x', topic: 'cold brew season', count: 2 } },
        { method: 'approve_post', args: { post_id: draftId } },
      ],
    });
    const [profiles, posts, written, approved] = loaded.calls as [Loaded['calls'][number], Loaded['calls'][number], Loaded['calls'][number], Loaded['calls'][number]];
    expect(JSON.parse(profiles.result as string).profiles[0].handle).toBe('acme');
    expect(JSON.parse(posts.result as string).posts[0].text).toContain('Guji');

    expect(written.type).toBe('HTMLResponse');
    const disposition = Object.entries(written.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-disposition')?.[1];
    expect(disposition).toBe('inline');
    expect(written.html).toContain('Variant 1');
    expect(written.html).toContain('Variant 2');
    expect(written.html).toMatch(/\d+ \/ 280/);
    const statuses = written.events.filter((event) => event.type === 'status');
    expect(statuses[0]!.data).toMatchObject({ done: false });
    expect(statuses.at(-1)!.data).toMatchObject({ done: true });
    expect(String(statuses.at(-1)!.data.description)).toMatch(/Saved 2 drafts/);
    const citations = written.events.filter((event) => event.type === 'citation');
    expect(citations.length).toBeGreaterThan(0);
    expect(JSON.stringify(citations[0]!.data)).toContain('Past post #');

    expect(JSON.parse(approved.result as string).status).toBe('approved');
    expect((await app.posts.get({ workspace: 'default' }, draftId)).post.status).toBe('approved');
  });

  it('turns server errors into text that tells the model what to fix', async () => {
    const wrongKey = await load('smm_tool.py', { valves: { base_url: server.url, api_key: 'smm_nope' }, calls: [{ method: 'list_profiles' }] });
    expect(wrongKey.calls[0]!.result).toMatch(/^Error: .*api_key valve/);
    const missing = await load('smm_tool.py', { valves: { base_url: server.url, api_key: key }, calls: [{ method: 'find_posts', args: { handle: 'nobody' } }] });
    expect(missing.calls[0]!.result).toMatch(/^Error: No profile "nobody".*acme/);
    const down = await load('smm_tool.py', { valves: { base_url: 'http://127.0.0.1:9', api_key: key }, calls: [{ method: 'list_profiles' }] });
    expect(down.calls[0]!.result).toMatch(/Cannot reach the smm server/);
  });
});

describe.skipIf(skipReason)('openwebui/smm_save_draft_action.py', () => {
  it('saves the assistant message as a draft of the profile the user names', async () => {
    const loaded = await load('smm_save_draft_action.py', {
      valves: { base_url: server.url, api_key: key, default_handle: '', default_platform: 'linkedin' },
      event_call_answer: '@acme',
      calls: [{ method: 'action', args: { body: { messages: [{ role: 'user', content: 'write it' }, { role: 'assistant', content: 'Saved from a chat answer.' }] } } }],
    });
    expect(loaded.kind).toBe('action');
    expect(loaded.frontmatter.title).toBeTruthy();
    const call = loaded.calls[0]!;
    const postId = (call.result as { postId: number }).postId;
    const { post } = await app.posts.get({ workspace: 'default' }, postId);
    expect(post).toMatchObject({ text: 'Saved from a chat answer.', platform: 'linkedin', status: 'draft' });
    expect(String(call.events.at(-1)!.data.description)).toContain(`#${postId}`);
  });
});

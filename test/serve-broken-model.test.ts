import { spawn } from 'node:child_process';
import OpenAI from 'openai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, smm, smmAsync, smmJson, tempHome } from './helpers/run-smm.js';
import { startOpenAiProtocolServer, type OpenAiProtocolServer, type OpenAiProtocolServerOptions } from './support/openai-protocol-server.js';

/**
 * A misbehaving OpenAI-compatible server (an empty stream, or a plain JSON
 * body to a streaming request) used to end `smm serve` with one generate
 * request: an unhandled rejection inside LangChain. The built binary runs as
 * a child process here, and must answer the request with the error shape and
 * keep serving; the CLI must exit with the model code (7), not 1.
 */

const reply = JSON.stringify({ variants: [{ text: 'Fresh roast on Tuesday.', hashtags: [] }] });

describe('smm serve and smm generate against a broken OpenAI-compatible server', () => {
  let home: string;
  let model: OpenAiProtocolServer;
  // Read per request by the protocol server, so one test switches the misbehaviour.
  const behaviour: OpenAiProtocolServerOptions = { reply, brokenStream: 'empty' };
  let env: NodeJS.ProcessEnv;
  let child: ReturnType<typeof smmAsync>;
  let url: string;
  let key: string;
  let stderr = '';

  beforeAll(async () => {
    home = tempHome();
    model = await startOpenAiProtocolServer(behaviour);
    // CHROMA_URL on a closed port: retrieval falls back to full-text search, and no Chroma child is started.
    env = { SMM_LLM: 'openai', SMM_OPENAI_BASE_URL: model.baseUrl, SMM_MODEL: 'test-model', CHROMA_URL: 'http://127.0.0.1:9' };
    await smmJson(home, ['profile', 'add', 'acme', '--name', 'Acme', '--platforms', 'x'], { env });
    key = (await smmJson<{ key: string }>(home, ['keys', 'create', '--name', 'test'], { env })).key;
    child = smmAsync(home, ['serve', '--port', '0', '--json'], env);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /"url":\s*"([^"]+)"/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`smm serve exited ${code}: ${stderr}`)));
    });
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGTERM');
    await model?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const generate = () =>
    fetch(`${url}/api/v1/profiles/acme/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'x', topic: 'cold brew', n: 1 }),
    });

  it('answers a generate request with model_failed when the model server answers nothing, and keeps serving', async () => {
    behaviour.brokenStream = 'empty';
    const response = await generate();
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string; hint: string } };
    expect(body.error.code).toBe('model_failed');
    expect(body.error.message).toMatch(/empty reply/);
    expect(body.error.hint).toMatch(/SMM_MODEL/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(child.exitCode).toBeNull();
    // The cause is fixed where it was, not only caught by the process guard.
    expect(stderr).not.toMatch(/caught an/);
  });

  for (const broken of ['empty-stream', 'json-body'] as const) {
    it(`generates through a model server that answers a streaming request with ${broken} (asking again without streaming)`, async () => {
      behaviour.brokenStream = broken;
      const response = await generate();
      expect(response.status).toBe(200);
      expect(((await response.json()) as { variants: { text: string }[] }).variants[0]!.text).toBe('Fresh roast on Tuesday.');
      expect(stderr).not.toMatch(/caught an/);
    });
  }

  it('answers the /v1 assistant (streaming and not) with model_failed when the model server answers nothing, and keeps serving', async () => {
    behaviour.brokenStream = 'empty';
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'Write 2 posts for @acme on x about cold brew.' }];
    const plain = await client.chat.completions.create({ model: 'smm-assistant', messages }).catch((error: unknown) => error);
    expect(plain).toBeInstanceOf(OpenAI.APIError);
    expect((plain as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((plain as Error).message).toMatch(/empty reply/);
    let streamed = '';
    const failure = await (async () => {
      const stream = await client.chat.completions.create({ model: 'smm-assistant', messages, stream: true });
      for await (const part of stream) streamed += part.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    expect(streamed).toBe('');
    expect((failure as Error).message).toMatch(/empty reply.*SMM_MODEL/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toMatch(/caught an/);
  });

  it('answers the /v1 assistant through a model server that ignores stream: true', async () => {
    behaviour.brokenStream = 'json-body';
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'smm-assistant', messages: [{ role: 'user', content: 'List my profiles.' }], stream: true });
    let streamed = '';
    for await (const part of stream) streamed += part.choices[0]?.delta.content ?? '';
    // The stand-in model calls the first tool, then answers its result in words (a plain JSON body each time):
    // the assistant runs the tool, then streams that answer.
    expect(streamed).toContain('Fresh roast on Tuesday.');
    expect(stderr).not.toMatch(/caught an/);
  });

  it('still generates once the model server behaves', async () => {
    behaviour.brokenStream = undefined;
    const response = await generate();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { variants: { text: string }[] }).variants[0]!.text).toBe('Fresh roast on Tuesday.');
  });

  it('keeps serving when clients hang up in the middle of a generation (REST, /v1 streaming, MCP)', async () => {
    behaviour.brokenStream = undefined;
    behaviour.chunkDelayMs = 40;
    try {
      const hangUp = async (path: string, body: unknown, accept = 'application/json') => {
        const controller = new AbortController();
        const response = fetch(`${url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        // Hang up once the model server has started streaming this request.
        const before = model.requests.length;
        while (model.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 10));
        await new Promise((resolve) => setTimeout(resolve, 60));
        controller.abort();
        await response.then((answer) => answer.body?.cancel()).catch(() => undefined);
      };
      await hangUp('/api/v1/profiles/acme/generate', { platform: 'x', topic: 'cold brew', n: 1 });
      await hangUp('/v1/chat/completions', { model: 'smm-assistant', stream: true, messages: [{ role: 'user', content: 'Write a post for @acme on x about cold brew.' }] });
      await hangUp(
        '/mcp',
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'generate_posts', arguments: { handle: 'acme', platform: 'x', topic: 'cold brew', n: 1 } } },
        'application/json, text/event-stream',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(child.exitCode).toBeNull();
      expect(stderr).not.toMatch(/caught an/);
    } finally {
      behaviour.chunkDelayMs = 0;
    }
  });

  it('smm generate exits with the model code 7 and says what to do', async () => {
    behaviour.brokenStream = 'empty';
    const result = await smm(home, ['generate', '--profile', 'acme', '--platform', 'x', '--topic', 'cold brew', '-n', '1'], { env });
    expect(result.status).toBe(7);
    expect(result.stderr).toMatch(/error: .*empty reply/);
    expect(result.stderr).toMatch(/hint: .*SMM_MODEL/);
  });
});

describe('the process guard of long-running commands', () => {
  it('logs an escaped rejection and exception with their stacks and keeps the process alive', async () => {
    const script = `
      import { installProcessGuard } from ${JSON.stringify(path.join(PROJECT_ROOT, 'dist', 'entrypoints', 'cli', 'process-guard.js'))};
      const guard = installProcessGuard(process.stderr, 'smm serve');
      Promise.reject(new Error('escaped rejection'));
      setTimeout(() => { throw new Error('escaped exception'); }, 10);
      setTimeout(() => { process.stdout.write('alive after ' + guard.caught); }, 100);
    `;
    const node = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    node.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    node.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => node.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toBe('alive after 2');
    expect(err).toMatch(/smm serve caught an unhandled promise rejection[\s\S]*escaped rejection/);
    expect(err).toMatch(/smm serve caught an uncaught exception[\s\S]*escaped exception/);
  });
});

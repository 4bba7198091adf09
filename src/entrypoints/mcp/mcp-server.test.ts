import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { App } from '../../app/create-app.js';
import { NotFoundError } from '../../core/errors.js';
import { OPERATIONS } from '../operations/operation-catalogue.js';
import { FileResult, defineOperation, type AnyOperation, type OperationContext } from '../operations/operation.js';
import { createMcpServer } from './mcp-server.js';

/**
 * The MCP server in-process: the official client over the SDK's in-memory
 * transport, with operations written for the test (the catalogue's own are
 * driven over HTTP and stdio in test/mcp-*.test.ts).
 */

const app = {} as App;
const scope = { workspace: 'team', owner: 'sam' };
const contexts: OperationContext[] = [];
const scopes: unknown[] = [];

const echo = defineOperation({
  name: 'echo_note',
  summary: 'Echo a note',
  description: 'Returns the note it is given, with the number of times to repeat it; for the MCP server tests.',
  tag: 'test',
  method: 'GET',
  path: '/echo',
  readOnly: true,
  input: z.object({ note: z.string().min(1), times: z.number().int().min(1).default(1) }),
  async run(_app, runScope, input, context) {
    scopes.push(runScope);
    contexts.push(context);
    context.onProgress?.({ phase: 'examples' });
    context.onProgress?.({ phase: 'writing', done: 3, total: 3, message: 'Wrote 3 of 3' });
    return { note: input.note, times: input.times };
  },
});

const missing = defineOperation({
  name: 'find_note',
  summary: 'Find a note',
  description: 'Fails the way a lookup of something that does not exist fails; for the MCP server tests.',
  tag: 'test',
  method: 'POST',
  path: '/notes/find',
  readOnly: false,
  input: z.object({}),
  async run() {
    throw new NotFoundError('post', '404', 'Known ids: 1, 2.');
  },
});

const broken = defineOperation({
  name: 'drop_note',
  summary: 'Delete a note',
  description: 'Fails like a bug would, with internals in its message; for the MCP server tests.',
  tag: 'test',
  method: 'DELETE',
  path: '/notes/{id}',
  readOnly: false,
  input: z.object({ id: z.number() }),
  async run() {
    throw new Error('SQLITE_CORRUPT: /srv/secret/smm.sqlite');
  },
});

const exported = defineOperation({
  name: 'export_notes',
  summary: 'Export notes',
  description: 'Returns a file with a small summary of it, as exports do; for the MCP server tests.',
  tag: 'test',
  method: 'POST',
  path: '/notes/export',
  readOnly: true,
  input: z.object({}),
  async run() {
    return new FileResult('notes.csv', 'text/csv', 'id,text\n1,hello\n', { rows: 1, format: 'csv' });
  },
});

const phased = defineOperation({
  name: 'phased_note',
  summary: 'Write and check notes',
  description: 'Reports progress in two phases, each counting from its own start, with a step between; for the MCP server tests.',
  tag: 'test',
  method: 'POST',
  path: '/notes/phased',
  readOnly: true,
  input: z.object({}),
  async run(_app, _scope, _input, context) {
    context.onProgress?.({ phase: 'writing', done: 1, total: 2, unit: 'variants' });
    context.onProgress?.({ phase: 'writing', done: 2, total: 2, unit: 'variants' });
    context.onProgress?.({ phase: 'checking', done: 0, total: 2 });
    context.onProgress?.({ phase: 'checking', done: 1, total: 2, message: 'Checked 1 of 2' });
    context.onProgress?.({ phase: 'checking', done: 1, total: 2 });
    context.onProgress?.({ phase: 'scoring' });
    context.onProgress?.({ phase: 'repair', done: 9, total: 10 });
    return { ok: true };
  },
});

const TEST_OPERATIONS: AnyOperation[] = [echo, missing, broken, exported];
const clients: Client[] = [];

async function connect(options: { operations?: readonly AnyOperation[] } = { operations: TEST_OPERATIONS }): Promise<Client> {
  const server = createMcpServer(app, scope, { version: '9.9.9', ...options });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'unit', version: '1.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

const texts = (result: Awaited<ReturnType<Client['callTool']>>) => (result.content as Array<{ type: string; text: string }>).map((item) => item.text);

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  contexts.length = 0;
  scopes.length = 0;
});

describe('createMcpServer', () => {
  it('introduces itself with its version and says where to start', async () => {
    const client = await connect();
    expect(client.getServerVersion()).toMatchObject({ name: 'smm', title: 'Social Media Manager Assistant', version: '9.9.9' });
    expect(client.getInstructions()).toContain('Call list_profiles first');
  });

  it('lists each operation as a tool with its summary, description, schema and honest hints', async () => {
    const { tools } = await (await connect()).listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['echo_note', 'find_note', 'drop_note', 'export_notes']);
    const echoTool = tools[0]!;
    expect(echoTool).toMatchObject({ title: 'Echo a note', description: echo.description });
    expect(echoTool.inputSchema).toMatchObject({ type: 'object', properties: { note: { type: 'string' }, times: { type: 'integer' } }, required: ['note'] });
    expect(tools.map((tool) => [tool.name, tool.annotations])).toEqual([
      ['echo_note', { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
      ['find_note', { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false }],
      ['drop_note', { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false }],
      ['export_notes', { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false }],
    ]);
  });

  it('serves the whole catalogue when no operations are given', async () => {
    const { tools } = await (await connect({})).listTools();
    expect(tools.map((tool) => tool.name)).toEqual(OPERATIONS.map((operation) => operation.name));
  });

  it('runs a tool in the scope it was built for, with the parsed input, and answers in JSON text', async () => {
    const result = await (await connect()).callTool({ name: 'echo_note', arguments: { note: 'hello' } });
    expect(result.isError).toBeFalsy();
    expect(texts(result)).toEqual(['{"note":"hello","times":1}']);
    expect(scopes).toEqual([scope]);
    expect(contexts[0]!.signal).toBeInstanceOf(AbortSignal);
    // Nobody asked for progress: the operation is not given a listener.
    expect(contexts[0]!.onProgress).toBeUndefined();
  });

  it('refuses arguments that do not fit the schema without running the operation', async () => {
    const client = await connect();
    const outcome = await client.callTool({ name: 'echo_note', arguments: { note: '', times: 'twice' } }).then(
      (result) => texts(result).join(' '),
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/Invalid arguments for tool echo_note/);
    expect(outcome).toMatch(/note/);
    expect(outcome).toMatch(/times/);
    expect(contexts).toHaveLength(0);
  });

  it("reports a known failure as an isError result with the error's code, message and hint", async () => {
    const result = await (await connect()).callTool({ name: 'find_note', arguments: {} });
    expect(result.isError).toBe(true);
    expect(JSON.parse(texts(result)[0]!)).toEqual({ error: { code: 'not_found', message: 'No post "404".', hint: 'Known ids: 1, 2.', details: { entity: 'post', key: '404' } } });
  });

  it('reports an unexpected failure without its text, and one failure does not stop the next call', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'drop_note', arguments: { id: 1 } });
    expect(result.isError).toBe(true);
    expect(texts(result)[0]).not.toContain('secret');
    expect(JSON.parse(texts(result)[0]!).error).toMatchObject({ code: 'internal', message: 'The server failed while handling this request.' });
    expect(texts(await client.callTool({ name: 'echo_note', arguments: { note: 'still here' } }))).toEqual(['{"note":"still here","times":1}']);
  });

  it('writes the stack of an unexpected failure to stderr only with SMM_DEBUG', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('SMM_DEBUG', '1');
    try {
      await (await connect()).callTool({ name: 'drop_note', arguments: { id: 1 } });
      expect(write.mock.calls.map(([text]) => String(text)).join('')).toContain('SQLITE_CORRUPT: /srv/secret/smm.sqlite');
      write.mockClear();
      vi.stubEnv('SMM_DEBUG', '');
      await (await connect()).callTool({ name: 'drop_note', arguments: { id: 1 } });
      expect(write.mock.calls.map(([text]) => String(text)).join('')).not.toContain('SQLITE_CORRUPT');
    } finally {
      vi.unstubAllEnvs();
      write.mockRestore();
    }
  });

  it('returns a file as its summary and then its text', async () => {
    const result = await (await connect()).callTool({ name: 'export_notes', arguments: {} });
    expect(result.content).toEqual([
      { type: 'text', text: '{"rows":1,"format":"csv"}' },
      { type: 'text', text: 'id,text\n1,hello\n' },
    ]);
  });

  it('forwards progress as MCP progress notifications when the client asks for them', async () => {
    const progress: Progress[] = [];
    const result = await (await connect()).callTool({ name: 'echo_note', arguments: { note: 'hi' } }, undefined, { onprogress: (update) => progress.push(update) });
    expect(texts(result)).toEqual(['{"note":"hi","times":1}']);
    // Done/total when the event has them, else the count of events so far; the message, else the phase.
    expect(progress).toEqual([
      { progress: 1, message: 'examples' },
      { progress: 3, total: 3, message: 'Wrote 3 of 3' },
    ]);
  });

  it('keeps the progress value strictly increasing when a new phase counts from 0 again, with totals and messages that still fit', async () => {
    const progress: Progress[] = [];
    await (await connect({ operations: [phased] })).callTool({ name: 'phased_note', arguments: {} }, undefined, { onprogress: (update) => progress.push(update) });
    const values = progress.map((update) => update.progress);
    expect(values.slice(1).every((value, index) => value > values[index]!)).toBe(true);
    // A count is shifted only when it would not go up, and then just enough: a phase's bar still fills from its own done/total.
    expect(progress).toEqual([
      { progress: 1, total: 2, message: 'writing: 1/2 variants' },
      { progress: 2, total: 2, message: 'writing: 2/2 variants' },
      { progress: 3, total: 5, message: 'checking: 0/2' },
      { progress: 4, total: 5, message: 'Checked 1 of 2' },
      { progress: 5, total: 6, message: 'checking: 1/2' },
      { progress: 6, message: 'scoring' },
      { progress: 13, total: 14, message: 'repair: 9/10' },
    ]);
  });
});

import type { App } from '../../app/create-app.js';
import { ModelFailedError } from '../../core/errors.js';
import type { ChatModel, InvalidToolArguments, ProgressEvent, ToolChatMessage } from '../../core/ports.js';
import type { Scope } from '../../core/profiles/index.js';
import { parseInput } from '../../core/validation.js';
import { errorView, reportInternal, type ErrorView } from '../error-view.js';
import { FileResult } from '../operations/operation.js';
import { progressText } from '../progress-text.js';
import { isGenerationResult, renderVariantsMarkdown } from './assistant-markdown.js';
import { assistantOperations, assistantToolSpecs } from './assistant-tools.js';
import { isPublishPreview, renderPublishPreview, userConfirmedPublish } from './publish-confirmation.js';

/** What the assistant tells whoever streams its answer. */
export type AssistantEvent =
  | { type: 'content'; text: string }
  | { type: 'status'; description: string; done: boolean }
  /** A past post used as an example (Open WebUI shows it as a source). */
  | { type: 'source'; name: string; text: string };

export interface AssistantUsage {
  promptTokens: number;
  completionTokens: number;
}

const MAX_ROUNDS = 6;

const SYSTEM_PROMPT = `You are the Social Media Manager Assistant. You help a social media manager keep several voices ("profiles": a founder, a brand, a client) consistent across X, LinkedIn, Instagram, Threads, Bluesky, Mastodon and Facebook.
Use the tools for every fact about profiles and posts: never invent handles, post ids or past posts. When you do not know the handle, call list_profiles.
To write posts, call generate_posts (or rewrite_post for an existing post). The variants it returns are shown to the user automatically with their length, limit and voice score: do not repeat them; add one or two sentences (which one you would pick and why) and offer to approve or schedule one.
Only approve, schedule or change posts when the user asked for it. To publish, call publish_post without confirm first (it only previews); call it with confirm: true only after the user replied yes to that preview. Answer in Markdown, briefly.`;

/**
 * The /v1 assistant: a chat model with the operations as tools, run in a
 * loop (model → tools → model) until it answers in words. It runs the tools
 * itself, so the caller only ever sees text, status lines and sources.
 * Generation results are rendered here (not by the model) so every variant
 * shows its exact length, limit and voice score.
 */
export async function runAssistant(request: {
  app: App;
  scope: Scope;
  model: ChatModel;
  messages: ToolChatMessage[];
  signal: AbortSignal;
  onEvent: (event: AssistantEvent) => void;
}): Promise<{ text: string; usage: AssistantUsage }> {
  const { app, scope, signal, onEvent } = request;
  const tools = assistantToolSpecs();
  const conversation: ToolChatMessage[] = [{ role: 'system', content: SYSTEM_PROMPT }, ...request.messages];
  const usage: AssistantUsage = { promptTokens: 0, completionTokens: 0 };
  let text = '';
  const say = (words: string) => {
    if (!words) return;
    text += words;
    onEvent({ type: 'content', text: words });
  };

  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const turn = await request.model.chatWithTools({ messages: conversation, tools, temperature: 0.3, signal, onToken: say });
    usage.promptTokens += turn.usage.promptTokens;
    usage.completionTokens += turn.usage.completionTokens;
    if (turn.toolCalls.length === 0) {
      if (!turn.text.trim()) {
        throw new ModelFailedError('The model returned an empty reply.', {
          hint: 'Try again; if it keeps happening, check that the model server streams chat completions (stream: true), or choose another model (SMM_MODEL).',
        });
      }
      onEvent({ type: 'status', description: 'Done', done: true });
      return { text, usage };
    }
    conversation.push({ role: 'assistant', content: turn.text, toolCalls: turn.toolCalls });
    for (const call of turn.toolCalls) {
      if (call.invalid) {
        // Not run: the model sees why and may call again, as with an unknown tool or arguments of the wrong type.
        conversation.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify({ error: invalidArgumentsView(call.name, call.invalid) }) });
        continue;
      }
      const args = call.name === 'publish_post' ? guardPublish(call.args, request.messages) : call.args;
      const outcome = await runTool(app, scope, call.name, args, signal, onEvent, usage);
      if (outcome.markdown) say(`${text && !text.endsWith('\n\n') ? '\n\n' : ''}${outcome.markdown}\n`);
      conversation.push({ role: 'tool', toolCallId: call.id, content: outcome.forModel });
    }
  }
  say(`${text ? '\n\n' : ''}I stopped after ${MAX_ROUNDS} rounds of tool calls without a final answer. Please rephrase or split the request.`);
  onEvent({ type: 'status', description: 'Stopped', done: true });
  return { text, usage };
}

async function runTool(
  app: App,
  scope: Scope,
  name: string,
  args: unknown,
  signal: AbortSignal,
  onEvent: (event: AssistantEvent) => void,
  usage: AssistantUsage,
): Promise<{ forModel: string; markdown?: string }> {
  const operation = assistantOperations.find((candidate) => candidate.name === name);
  if (!operation) {
    return { forModel: JSON.stringify({ error: `There is no tool "${name}". Tools: ${assistantOperations.map((item) => item.name).join(', ')}.` }) };
  }
  onEvent({ type: 'status', description: `${operation.summary}…`, done: false });
  try {
    const input = parseInput(operation.input, args ?? {}, `arguments of ${name}`);
    const result = await operation.run(app, scope, input, { signal, onProgress: (event) => onEvent({ type: 'status', description: statusOf(event), done: false }) });
    onEvent({ type: 'status', description: `${operation.summary}: done`, done: true });
    if (isGenerationResult(result)) {
      usage.promptTokens += result.usage.promptTokens;
      usage.completionTokens += result.usage.completionTokens;
      for (const example of result.examples) onEvent({ type: 'source', name: `Past post #${example.postId}`, text: example.text });
      const platform = typeof (input as { platform?: unknown }).platform === 'string' ? (input as { platform: string }).platform : undefined;
      return {
        markdown: renderVariantsMarkdown(result, platform),
        forModel: JSON.stringify({ shownToUser: true, ...result, examples: result.examples.map((example) => example.postId) }),
      };
    }
    if (isPublishPreview(result)) {
      return { markdown: renderPublishPreview(result), forModel: JSON.stringify({ shownToUser: true, ...result, instruction: 'Nothing was sent. Ask the user to confirm; publish only after they reply yes.' }) };
    }
    return { forModel: JSON.stringify(result instanceof FileResult ? result.summary : result) };
  } catch (error) {
    if (signal.aborted) throw error;
    onEvent({ type: 'status', description: `${operation.summary}: failed`, done: true });
    // The same view as the HTTP API and MCP: an unexpected failure's text stays in the server log.
    const { view, internal } = errorView(error);
    if (internal) reportInternal(error);
    return { forModel: JSON.stringify({ error: view }) };
  }
}

const RAW_ARGS_SHOWN = 200;

/** The error a call whose arguments are not JSON gets: the same shape as invalid arguments of a known tool. */
function invalidArgumentsView(name: string, invalid: InvalidToolArguments): ErrorView {
  const tool = name ? `of ${name} ` : '';
  const raw = invalid.rawArgs.length > RAW_ARGS_SHOWN ? `${invalid.rawArgs.slice(0, RAW_ARGS_SHOWN)}…` : invalid.rawArgs;
  return {
    code: 'invalid_input',
    message: `The arguments ${tool}were not valid JSON (${invalid.error.replace(/\.$/, '')}): ${raw || '(none)'}`,
    hint: `Call ${name || 'the tool'} again with its arguments as one JSON object.`,
  };
}

/** A status line for a progress event: its words, with "…" (still working) unless the event wrote its own message. */
function statusOf(event: ProgressEvent): string {
  return event.message ? event.message : `${progressText(event)}…`;
}

/** publish_post with confirm: true runs only when the person confirmed this post's preview; otherwise it previews. */
function guardPublish(args: unknown, messages: readonly ToolChatMessage[]): unknown {
  const input = (args ?? {}) as { id?: unknown; confirm?: unknown };
  if (input.confirm !== true || typeof input.id !== 'number') return args;
  return userConfirmedPublish(messages, input.id) ? args : { ...input, confirm: false };
}

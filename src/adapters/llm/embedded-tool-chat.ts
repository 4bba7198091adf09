import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, ChatWrapper, LlamaContextSequence, LlamaModel, Tokenizer } from 'node-llama-cpp';
import { ModelFailedError } from '../../core/errors.js';
import type { ToolCall, ToolChatMessage, ToolChatRequest, ToolChatTurn, ToolSpec } from '../../core/ports.js';

let toolCallCounter = 0;

/**
 * One turn with tools on a context sequence through node-llama-cpp's
 * function calling: the model's chat wrapper (resolved from its chat
 * template) tells the model about the functions; once the model starts a
 * call, a grammar holds it to a function's name and parameters, and
 * generation stops at the calls. Parameters that parse but break a bound
 * the grammar could not hold are still returned as the call (the caller's
 * validation explains them to the model), not thrown; parameters that do
 * not parse, or that the token limit cut off, come back as an invalid call
 * with their text, for the caller to answer with an error.
 */
export async function toolTurn(options: {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  history: ChatHistoryItem[];
  request: ToolChatRequest;
  maxTokens: number;
  signal: AbortSignal;
  modelId: string;
}): Promise<ToolChatTurn> {
  const { model, sequence, history, request, maxTokens, signal } = options;
  const { LlamaChat, LlamaJsonSchemaValidationError, resolveChatWrapper } = await import('node-llama-cpp');
  const wrapper = resolveChatWrapper(model);
  const functions = toolFunctions(request.tools);
  const contextSize = sequence.context.contextSize;
  // The parameters' documentation when it fits beside the answer; else only names and descriptions (the grammar still holds each call to its parameters).
  const room = contextSize - Math.min(maxTokens, contextSize / 4);
  const documentParams = toolPromptTokens(wrapper, history, functions, true, model.tokenizer) <= room;
  const needed = documentParams ? 0 : toolPromptTokens(wrapper, history, functions, false, model.tokenizer);
  if (needed > room) {
    throw new ModelFailedError(`The conversation and the tools' descriptions (${needed} tokens) do not fit the embedded model ${options.modelId}'s context of ${contextSize} tokens.`, {
      hint: 'Start a new chat (or shorten this one), or use Ollama / an OpenAI-compatible server with a larger context (SMM_LLM).',
    });
  }
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: request.toolChoice === 'required' ? requireFunctionCall(wrapper) : wrapper });
  const before = sequence.tokenMeter.getState();
  const usage = () => {
    const after = sequence.tokenMeter.getState();
    return { promptTokens: after.usedInputTokens - before.usedInputTokens, completionTokens: after.usedOutputTokens - before.usedOutputTokens };
  };
  let text = '';
  let calling: CallInProgress | undefined;
  try {
    const result = await chat.generateResponse(history, {
      functions: request.tools.length > 0 ? functions : undefined,
      documentFunctionParams: documentParams,
      maxTokens,
      temperature: request.temperature,
      signal,
      stopOnAbortSignal: true,
      onTextChunk: (chunk) => {
        if (!chunk) return;
        text += chunk;
        request.onToken?.(chunk);
      },
      onFunctionCallParamsChunk: (chunk) => {
        if (calling?.index !== chunk.callIndex) calling = { index: chunk.callIndex, name: chunk.functionName, paramsText: '' };
        calling.paramsText += chunk.paramsChunk;
      },
    });
    const calls = result.functionCalls ?? [];
    const toolCalls: ToolCall[] = calls.map((call) => ({ id: nextCallId(), name: call.functionName, args: objectOf(call.params) }));
    // A call still being written when generation stopped (the token limit) is not among the calls: kept as invalid.
    if (calling && calling.index >= calls.length) toolCalls.push(invalidCall(calling, 'The call was cut off before its arguments were complete (token limit).'));
    return { text: result.response, toolCalls, usage: usage() };
  } catch (error) {
    if (calling === undefined) throw error;
    if (error instanceof LlamaJsonSchemaValidationError) return { text, toolCalls: [{ id: nextCallId(), name: calling.name, args: objectOf(error.object) }], usage: usage() };
    const unparsed = unparsedCall(error, calling);
    if (!unparsed) throw error;
    return { text, toolCalls: [unparsed], usage: usage() };
  } finally {
    chat.dispose({ disposeSequence: false });
  }
}

/** The call the model is writing: its place among this turn's calls, the function, and its parameters' text so far. */
export interface CallInProgress {
  index: number;
  name: string;
  paramsText: string;
}

/**
 * The call whose parameters node-llama-cpp failed to parse (not JSON, or not
 * ended as the grammar ends them) as an invalid call; undefined for any
 * other failure, which the caller throws.
 */
export function unparsedCall(error: unknown, calling: CallInProgress): ToolCall | undefined {
  // LlamaFunctionCallValidationError is not exported by node-llama-cpp: known by the call text it carries.
  const validation = error instanceof Error && typeof (error as { callText?: unknown }).callText === 'string';
  if (!(error instanceof SyntaxError) && !validation) return undefined;
  return invalidCall(calling, error.message);
}

function invalidCall(calling: CallInProgress, error: string): ToolCall {
  return { id: nextCallId(), name: calling.name, args: {}, invalid: { rawArgs: calling.paramsText.trimEnd(), error } };
}

function nextCallId(): string {
  toolCallCounter += 1;
  return `call_${toolCallCounter}`;
}

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The conversation as node-llama-cpp's chat history. node-llama-cpp keeps a
 * function call and its result as one item of the model's response, so
 * each tool message is folded into the call it answers; a conversation that
 * ends with tool results ends with the model's response, which the model
 * then continues (as LlamaChatSession does after calling a function).
 */
export function toolChatHistory(messages: readonly ToolChatMessage[]): ChatHistoryItem[] {
  const results = new Map(messages.filter((message) => message.role === 'tool').map((message) => [message.toolCallId ?? '', parseResult(message.content)]));
  const history: ChatHistoryItem[] = [];
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'user') history.push({ type: message.role, text: message.content });
    else if (message.role === 'assistant') {
      const calls: ChatModelFunctionCall[] = (message.toolCalls ?? []).map((call) => ({
        type: 'functionCall',
        name: call.name,
        params: call.args,
        result: results.has(call.id) ? results.get(call.id) : { error: 'This call has no result.' },
      }));
      history.push({ type: 'model', response: [...(message.content ? [message.content] : []), ...calls] });
    }
  }
  return history;
}

/** The tools as node-llama-cpp functions; their parameters become the grammar the model's call is held to. */
function toolFunctions(tools: readonly ToolSpec[]): ChatModelFunctions {
  return Object.fromEntries(tools.map((tool) => [tool.name, { description: tool.description, params: grammarSchema(tool.parameters) as never }]));
}

/**
 * Makes the chat wrapper start the answer in function-calling mode: the
 * grammar allows only a function name and its parameters (OpenAI's
 * tool_choice "required"). Applied to a wrapper resolved for one request only.
 */
function requireFunctionCall(wrapper: ChatWrapper): ChatWrapper {
  const generate = wrapper.generateContextState.bind(wrapper);
  wrapper.generateContextState = (options) => {
    const state = generate(options);
    return { ...state, detectFunctionCalls: undefined, prefixTriggers: undefined, noPrefixTrigger: undefined, rerender: undefined, functionCall: { initiallyEngaged: true, disengageInitiallyEngaged: [] } };
  };
  return wrapper;
}

/**
 * Tokens of the prompt the chat wrapper writes for this history and these
 * functions (their descriptions, and with `documentParams` their parameters).
 */
function toolPromptTokens(wrapper: ChatWrapper, history: readonly ChatHistoryItem[], functions: ChatModelFunctions, documentParams: boolean, tokenizer: Tokenizer): number {
  const chatHistory = history.at(-1)?.type === 'model' ? [...history] : [...history, { type: 'model' as const, response: [] }];
  return wrapper.generateContextState({ chatHistory, availableFunctions: functions, documentFunctionParams: documentParams }).contextText.tokenize(tokenizer).length;
}

/** The prompt as text, to find the sequence that already holds the longest part of it. */
export function toolPromptKey(history: readonly ChatHistoryItem[], tools: readonly ToolSpec[]): string {
  return `${tools.map((tool) => tool.name).join(',')}\n${JSON.stringify(history)}`;
}

function parseResult(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return content;
  }
}

// What llama.cpp's JSON-schema grammar understands; the rest (formats, patterns, bounds) is left to validation after the call.
const GRAMMAR_KEYS = new Set(['type', 'properties', 'required', 'items', 'enum', 'const', 'oneOf', 'anyOf', 'description', 'minLength', 'maxLength', 'minItems', 'maxItems', 'additionalProperties', 'prefixItems']);

const LENGTH_KEYS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems']);
const MAX_GRAMMAR_REPEAT = 500;

/** A JSON schema cut down to the keys a function-call grammar can hold the model to. */
export function grammarSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(grammarSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!GRAMMAR_KEYS.has(key)) continue;
    // llama.cpp refuses a grammar that repeats a rule thousands of times (a post's 10k-character limit): leave long bounds to validation.
    if (LENGTH_KEYS.has(key) && typeof value === 'number' && value > MAX_GRAMMAR_REPEAT) continue;
    if (key === 'properties') result[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, child]) => [name, grammarSchema(child)]));
    else if (key === 'type' && Array.isArray(value)) result.oneOf = value.map((type: unknown) => ({ type }));
    else result[key] = key === 'enum' || key === 'const' || key === 'required' || key === 'description' ? value : grammarSchema(value);
  }
  return result;
}

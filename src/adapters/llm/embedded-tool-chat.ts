import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions, ChatWrapper, Tokenizer } from 'node-llama-cpp';
import type { ToolChatMessage, ToolSpec } from '../../core/ports.js';

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
export function toolFunctions(tools: readonly ToolSpec[]): ChatModelFunctions {
  return Object.fromEntries(tools.map((tool) => [tool.name, { description: tool.description, params: grammarSchema(tool.parameters) as never }]));
}

/**
 * Makes the chat wrapper start the answer in function-calling mode: the
 * grammar allows only a function name and its parameters (OpenAI's
 * tool_choice "required"). Applied to a wrapper resolved for one request only.
 */
export function requireFunctionCall(wrapper: ChatWrapper): ChatWrapper {
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
export function toolPromptTokens(wrapper: ChatWrapper, history: readonly ChatHistoryItem[], functions: ChatModelFunctions, documentParams: boolean, tokenizer: Tokenizer): number {
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

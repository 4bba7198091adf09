import { ScriptedChatModel, type ScriptedReply as Reply } from '../../src/adapters/llm/scripted-chat-model.js';
import type { StructuredRequest } from '../../src/core/ports.js';

/** One scripted reply: a value to return, an error to throw, or a function of the request. */
export type ScriptedReply = unknown | Error | ((request: StructuredRequest) => unknown);

const USAGE = { promptTokens: 100, completionTokens: 10 };

/**
 * The scripted model with a shorter script for the generation service's
 * unit tests: values, errors or functions, in order, each costing 100 + 10
 * tokens so that sums can be checked. Once the script runs out it fails like
 * an unreachable model.
 */
export class FakeChatModel extends ScriptedChatModel {
  constructor(script: ScriptedReply[], id = 'fake:scripted') {
    super({ id, replies: script.map(toStep), tokenSize: Number.MAX_SAFE_INTEGER });
  }

  /** Every request received, in order. */
  get requests(): StructuredRequest[] {
    return this.calls;
  }
}

function toStep(item: ScriptedReply): Reply | ((request: StructuredRequest) => Reply) {
  if (item instanceof Error) return { error: item };
  if (typeof item === 'function') return (request) => ({ value: (item as (request: StructuredRequest) => unknown)(request), usage: USAGE });
  return { value: item, usage: USAGE };
}

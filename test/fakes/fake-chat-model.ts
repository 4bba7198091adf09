import { ModelUnavailableError } from '../../src/core/errors.js';
import type { ChatModel, StructuredRequest, TokenUsage } from '../../src/core/ports.js';

/** One scripted reply: a value to return, an error to throw, or a function of the request. */
export type ScriptedReply = unknown | Error | ((request: StructuredRequest) => unknown);

/**
 * A chat model that answers from a script, in order, and records every
 * request. Usage is counted from the messages' lengths so that sums can be
 * checked. Once the script runs out it fails like an unreachable model.
 */
export class FakeChatModel implements ChatModel {
  readonly requests: StructuredRequest[] = [];

  constructor(
    private readonly script: ScriptedReply[],
    readonly id = 'fake:scripted',
  ) {}

  async generateStructured(request: StructuredRequest): Promise<{ value: unknown; usage: TokenUsage }> {
    this.requests.push(request);
    if (request.signal?.aborted) throw new Error('aborted');
    const next = this.script.shift();
    if (next === undefined) throw new ModelUnavailableError('The fake model has no more scripted replies.');
    if (next instanceof Error) throw next;
    const value = typeof next === 'function' ? (next as (request: StructuredRequest) => unknown)(request) : next;
    const text = JSON.stringify(value);
    request.onToken?.(text);
    return { value, usage: { promptTokens: 100, completionTokens: 10 } };
  }

  async ping(): Promise<void> {}
}

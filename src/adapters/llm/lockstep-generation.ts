import type { LlamaContextSequence, LlamaGrammar, LlamaGrammarEvaluationState, LlamaModel, LlamaText, Token } from 'node-llama-cpp';
import type { LockstepBarrier } from './lockstep-decoding.js';

/** LlamaChat's defaults, kept so that a reply is the one LlamaChatSession would give. */
const REPEAT_PENALTY_LAST_TOKENS = 64;
const DETOKENIZER_CONTEXT_TOKENS = 16;
const UNKNOWN_CHARACTER = '\uFFFD';

/** One reply generated on a sequence in lockstep with the other sequences of its context. */
export interface LockstepRequest {
  model: LlamaModel;
  sequence: LlamaContextSequence;
  barrier: LockstepBarrier;
  /** node-llama-cpp's class (the module is loaded lazily by the adapter). */
  GrammarEvaluationState: typeof LlamaGrammarEvaluationState;
  /** Everything the sequence must hold before the reply: the rendered chat up to the start of the model's turn. */
  tokens: readonly Token[];
  grammar: LlamaGrammar | undefined;
  /** The chat template's stop triggers; EOG tokens always stop. */
  stopTriggers: readonly LlamaText[];
  maxTokens: number;
  temperature: number | undefined;
  signal: AbortSignal;
  onTextChunk: ((text: string) => void) | undefined;
}

export interface LockstepReply {
  text: string;
  stopReason: 'eogToken' | 'stopGenerationTrigger' | 'maxTokens' | 'abort';
  /** The reply's tokens as generated (those making `text`). */
  tokens: Token[];
}

/**
 * Generates a reply the way LlamaChatSession does (the sequence keeps the
 * evaluated beginning it shares with `tokens`; greedy at temperature 0 with
 * LlamaChat's default repeat penalty; stops at an EOG token, a stop trigger,
 * maxTokens or the signal; text held back from streaming while it may be the
 * start of a stop trigger, an incomplete character or trailing whitespace the
 * grammar trims), except that each step waits at `barrier` for the other
 * sequences generating on the context, so that one decode serves them all.
 */
export async function generateInLockstep(request: LockstepRequest): Promise<LockstepReply> {
  const { model, sequence, signal } = request;
  const input = [...request.tokens];
  const last = input.pop();
  if (last === undefined) throw new Error('Nothing to evaluate: the rendered prompt has no tokens.');
  await sequence.adaptStateToTokens(input, false);
  input.push(last);
  const text = new ReplyText(model, request.tokens, stopTexts(request.stopTriggers), request.grammar?.trimWhitespaceSuffix ?? false, request.onTextChunk);
  if (signal.aborted) return text.reply('abort');
  const newLine = model.tokens.nl;
  const evaluation = sequence.evaluate(input.slice(sequence.nextTokenIndex), {
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.grammar ? { grammarEvaluationState: new request.GrammarEvaluationState({ model, grammar: request.grammar }) } : {}),
    repeatPenalty: {
      punishTokens: () => text.released.slice(-REPEAT_PENALTY_LAST_TOKENS).filter((token) => token !== newLine),
      maxPunishTokens: REPEAT_PENALTY_LAST_TOKENS,
    },
    yieldEogToken: true,
  });
  const member = request.barrier.join();
  let generated = 0;
  try {
    for (;;) {
      const step = await evaluation.next();
      if (signal.aborted) return text.reply('abort');
      if (step.done) return text.reply('eogToken');
      generated += 1;
      if (model.isEogToken(step.value)) return text.reply('eogToken');
      if (text.add(step.value)) return text.reply('stopGenerationTrigger');
      if (generated >= request.maxTokens) return text.reply('maxTokens');
      await member.arrive();
      if (signal.aborted) return text.reply('abort');
    }
  } finally {
    member.leave();
    await evaluation.return(undefined).catch(() => undefined);
  }
}

/** A stop trigger's text; undefined for one made of special tokens (EOG tokens are seen as tokens). */
function stopTexts(triggers: readonly LlamaText[]): string[] {
  const texts: string[] = [];
  for (const trigger of triggers) {
    let text = '';
    for (const value of trigger.values) {
      if (typeof value === 'string') text += value;
      else if (value.toJSON().type === 'specialTokensText') text += String(value.value);
      else {
        text = '';
        break;
      }
    }
    if (text) texts.push(text);
  }
  return texts;
}

/**
 * The reply's text as tokens come: released tokens (final) and pending ones
 * (that may start a stop trigger or end in an incomplete character), and
 * what has been streamed so far.
 */
class ReplyText {
  readonly released: Token[] = [];
  private releasedText = '';
  private pending: Token[] = [];
  private pendingText = '';
  private streamed = 0;

  constructor(
    private readonly model: LlamaModel,
    private readonly prompt: readonly Token[],
    private readonly triggers: readonly string[],
    private readonly trimEnd: boolean,
    private readonly onTextChunk: ((text: string) => void) | undefined,
  ) {}

  /** Takes the next token; true when the text now contains a stop trigger (the reply ends before it). */
  add(token: Token): boolean {
    this.pending.push(token);
    this.pendingText = this.model.detokenize(this.pending, false, this.lastTokens());
    if (this.pendingText.endsWith(UNKNOWN_CHARACTER)) return false;
    const whole = this.releasedText + this.pendingText;
    const stopAt = this.firstTrigger(whole, this.releasedText.length);
    if (stopAt >= 0) {
      this.releasedText = whole.slice(0, stopAt);
      this.pending = [];
      this.pendingText = '';
      return true;
    }
    if (this.mayStartTrigger(whole)) return false;
    this.released.push(...this.pending);
    this.releasedText = whole;
    this.pending = [];
    this.pendingText = '';
    this.stream();
    return false;
  }

  reply(stopReason: LockstepReply['stopReason']): LockstepReply {
    if (stopReason !== 'stopGenerationTrigger' && this.pending.length > 0 && !this.pendingText.endsWith(UNKNOWN_CHARACTER)) {
      this.released.push(...this.pending);
      this.releasedText += this.pendingText;
    }
    this.stream();
    const text = this.trimEnd ? this.releasedText.trimEnd() : this.releasedText;
    return { text, stopReason, tokens: [...this.released] };
  }

  /** Streams the released text not streamed yet; trailing whitespace waits for what follows when the grammar trims it. */
  private stream(): void {
    const upTo = this.trimEnd ? this.releasedText.trimEnd().length : this.releasedText.length;
    if (upTo > this.streamed) {
      this.onTextChunk?.(this.releasedText.slice(this.streamed, upTo));
      this.streamed = upTo;
    }
  }

  /** The tokens before the pending ones, for the detokenizer to know how the pending ones join them. */
  private lastTokens(): Token[] {
    const released = this.released.slice(-DETOKENIZER_CONTEXT_TOKENS);
    if (released.length === DETOKENIZER_CONTEXT_TOKENS) return released;
    return [...this.prompt.slice(released.length - DETOKENIZER_CONTEXT_TOKENS), ...released];
  }

  /** Where the first stop trigger starts in `text`, looking only where the new text can complete one; -1 when none. */
  private firstTrigger(text: string, newFrom: number): number {
    let first = -1;
    for (const trigger of this.triggers) {
      const at = text.indexOf(trigger, Math.max(0, newFrom - trigger.length + 1));
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  }

  private mayStartTrigger(text: string): boolean {
    return this.triggers.some((trigger) => {
      for (let length = Math.min(trigger.length - 1, text.length); length > 0; length -= 1) {
        if (text.endsWith(trigger.slice(0, length))) return true;
      }
      return false;
    });
  }
}

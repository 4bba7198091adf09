import type { ProgressEvent } from '../ports.js';
import type { CheckedVariant } from './variant-check.js';

/** The progress event announcing one finished variant: a status line for relays, the figures for a terminal. */
export function variantProgressEvent(variant: CheckedVariant, index: number, total: number, elapsedMs: number): ProgressEvent {
  const score = variant.voiceScore === null ? 'no voice score' : `voice ${variant.voiceScore}/100`;
  const verdict = variant.valid ? 'ok' : `${variant.violations.length} problem${variant.violations.length === 1 ? '' : 's'} to repair`;
  // No done/total: the events before it count steps, and MCP progress must only grow.
  return {
    phase: 'variant',
    message: `Variant ${index + 1} of ${total} written after ${(elapsedMs / 1000).toFixed(1)} s (${variant.length}/${variant.limit} characters, ${score}, ${verdict}).`,
    variant: {
      index,
      text: variant.text,
      length: variant.length,
      limit: variant.limit,
      valid: variant.valid,
      voiceScore: variant.voiceScore,
      elapsedMs,
    },
  };
}

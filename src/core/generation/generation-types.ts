import type { EditFit } from '../learning/edit-ranking.js';
import type { Platform } from '../platforms/platform-id.js';
import type { RuleOverrides, Violation } from '../platforms/rule-types.js';
import type { ProgressListener, TokenUsage } from '../ports.js';
import type { GenerateRequestInput, RewriteRequestInput } from './generation-request-schema.js';

/** Calls a front door passes through: cancellation, status lines, streamed tokens. */
export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  onToken?: (token: string) => void;
}
export type GenerateRequest = GenerateRequestInput & RunOptions;
export type RewriteRequest = RewriteRequestInput & RunOptions;

/** One saved variant, as `smm generate --json` prints it. */
export interface GeneratedVariant {
  postId: number;
  text: string;
  length: number;
  limit: number;
  valid: boolean;
  violations: Violation[];
  /** 0-100; null when the profile has too few past posts for a fingerprint. */
  voiceScore: number | null;
  hashtags: string[];
  parts?: string[];
  /** How the variant fits the user's learnt edits (present once there is guidance): its penalty and why. */
  editFit?: EditFit;
}

export interface GenerationResult {
  generationId: number;
  variants: GeneratedVariant[];
  examples: Array<{ postId: number; text: string }>;
  retrieval: 'vector' | 'fulltext-fallback';
  model: string;
  usage: TokenUsage;
  latencyMs: number;
}

export interface GenerationOptions {
  /** Examples at most (default 8). */
  examples?: number;
  /** Prompt tokens the examples may take (default 720, so a 3-variant X prompt with 8 examples stays under 1,500). */
  exampleTokenBudget?: number;
  voiceThreshold?: number;
  temperature?: number;
  /** Per-platform limits: paid X accounts, a Mastodon server's max_characters. */
  overrides?: Partial<Record<Platform, RuleOverrides>>;
}


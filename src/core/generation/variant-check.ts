import type { Platform } from '../platforms/platform-id.js';
import { checkPlatformRules, splitThread } from '../platforms/platform-check.js';
import { measure } from '../platforms/text-length.js';
import type { RuleOverrides, Violation } from '../platforms/rule-types.js';
import { threadPartViolations } from '../posts/post-check.js';
import type { VoiceGuide } from '../profiles/profile-schema.js';
import type { VoiceScore } from '../voice/voice-types.js';
import type { ReferencePost } from './example-retrieval.js';
import type { RawVariant } from './variant-schema.js';
import { nearest } from './vector-math.js';

/** Cosine similarity from which a variant counts as a near-copy of a past post. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;
/**
 * Voice score under which a variant is sent back for repair. On the voice
 * development set, 6% of authors' own held-out posts score below 30 against
 * their profile, and 65% of other authors' posts do.
 */
export const DEFAULT_VOICE_THRESHOLD = 30;

export interface VariantCheckContext {
  platform: Platform;
  overrides?: RuleOverrides;
  voice: Pick<VoiceGuide, 'bannedWords' | 'hashtagPolicy' | 'emojiPolicy'>;
  /** Split into a numbered thread and check each part instead of the whole. */
  thread: boolean;
  /** Scores a text against the profile's fingerprint; absent when the profile has too few posts to have one. */
  scoreVoice?: (text: string) => VoiceScore;
  voiceThreshold?: number;
  /** Past posts to compare with for near-copies. */
  references: readonly ReferencePost[];
  /** The profile's unpublished drafts (draft, approved, scheduled) to compare with: a new variant should not repeat one. */
  drafts?: readonly ReferencePost[];
  nearDuplicateThreshold?: number;
}

/** A variant with everything the checks found. */
export interface CheckedVariant {
  text: string;
  /** Length as the platform counts it (the longest part, for a thread). */
  length: number;
  limit: number;
  valid: boolean;
  violations: Violation[];
  /** 0-100, or null when the profile has no fingerprint yet. */
  voiceScore: number | null;
  voiceNotes: string[];
  hashtags: string[];
  /** The numbered thread parts, when `thread` is on. */
  parts?: string[];
  /** The variant's embedding, when an embedder made one: for comparing the variants of a run with each other. */
  embedding?: readonly number[];
}

/**
 * The text to publish: the model's text with any hashtag it listed but did
 * not write appended, so that what is checked and saved is what it meant.
 */
export function composeVariantText(variant: RawVariant): string {
  const text = variant.text.trim();
  const present = new Set((text.match(/#[\p{L}\p{N}_]+/gu) ?? []).map((tag) => tag.slice(1).toLowerCase()));
  const missing = variant.hashtags.filter((tag) => /^[\p{L}\p{N}_]+$/u.test(tag) && !present.has(tag.toLowerCase()));
  return missing.length === 0 ? text : `${text}\n\n${missing.map((tag) => `#${tag}`).join(' ')}`;
}

/**
 * Checks a variant against the platform's rules and the voice's policies,
 * past posts (near-copies) and the voice fingerprint. `embedding` is the
 * variant's own embedding, when an embedder could make one.
 */
export function checkVariant(text: string, context: VariantCheckContext, embedding?: readonly number[]): CheckedVariant {
  const { platform, overrides } = context;
  const checked = checkPlatformRules(platform, text, {
    overrides,
    bannedWords: context.voice.bannedWords,
    hashtagPolicy: context.voice.hashtagPolicy,
    emojiPolicy: context.voice.emojiPolicy,
  });
  const violations: Violation[] = [];
  let length = checked.measurement.length;
  let parts: string[] | undefined;
  if (context.thread) {
    // In a thread the whole may be long; each part must fit.
    violations.push(...checked.violations.filter((violation) => violation.rule !== 'length' && violation.rule !== 'bytes'));
    const split = threadParts(platform, text, overrides);
    parts = split.parts;
    if (split.violation) violations.push(split.violation);
    length = Math.max(0, ...parts.map((part) => measure(platform, part, overrides ?? {}).length));
    violations.push(...threadPartViolations(platform, parts, overrides));
  } else {
    violations.push(...checked.violations);
  }

  if (embedding) {
    const threshold = context.nearDuplicateThreshold ?? NEAR_DUPLICATE_THRESHOLD;
    const past = closestAbove(embedding, context.references, threshold);
    if (past) {
      violations.push({
        rule: 'near-duplicate',
        message: `Nearly a copy of past post #${past.postId} (similarity ${past.similarity.toFixed(2)}): say it in new words or from another angle.`,
        details: { postId: past.postId, similarity: Number(past.similarity.toFixed(3)) },
      });
    }
    const draft = closestAbove(embedding, context.drafts ?? [], threshold);
    if (draft) {
      violations.push({
        rule: 'near-duplicate',
        message: `Nearly the same as the existing draft #${draft.postId} (similarity ${draft.similarity.toFixed(2)}): take another angle, or use that draft.`,
        details: { postId: draft.postId, draft: true, similarity: Number(draft.similarity.toFixed(3)) },
      });
    }
  }

  let voiceScore: number | null = null;
  let voiceNotes: string[] = [];
  if (context.scoreVoice) {
    const voice = context.scoreVoice(text);
    voiceScore = Math.round(voice.score);
    voiceNotes = voice.notes;
    const threshold = context.voiceThreshold ?? DEFAULT_VOICE_THRESHOLD;
    if (voiceScore < threshold) {
      const notes = voice.notes.slice(0, 4);
      violations.push({
        rule: 'voice',
        message: `Does not sound like this voice (score ${voiceScore}/100, below ${threshold})${notes.length > 0 ? `: ${notes.join('; ')}` : ''}.`,
        details: { score: voiceScore, threshold, notes },
      });
    }
  }

  return {
    text,
    length,
    limit: checked.measurement.limit,
    valid: violations.length === 0,
    violations,
    voiceScore,
    voiceNotes,
    hashtags: checked.measurement.hashtags,
    ...(parts ? { parts } : {}),
    ...(embedding ? { embedding } : {}),
  };
}

function closestAbove(embedding: readonly number[], references: readonly ReferencePost[], threshold: number): { postId: number; similarity: number } | undefined {
  if (references.length === 0) return undefined;
  const closest = nearest(embedding, references.map((reference) => reference.embedding));
  const reference = references[closest.index];
  return reference && closest.similarity >= threshold ? { postId: reference.postId, similarity: closest.similarity } : undefined;
}

/**
 * Compares the variants of one run with each other: a variant nearly the
 * same as an earlier one gets a `near-duplicate` violation naming it, so the
 * repair round asks for another angle instead of saving the same post twice.
 * Earlier sibling violations are dropped first, so it can run again after a repair.
 */
export function markSiblingDuplicates(variants: readonly CheckedVariant[], threshold = NEAR_DUPLICATE_THRESHOLD): CheckedVariant[] {
  return variants.map((variant, index) => {
    const violations = variant.violations.filter((violation) => violation.details?.variant === undefined);
    const earlier = variants.slice(0, index).map((other, position) => ({ postId: position + 1, embedding: other.embedding }));
    const comparable = earlier.filter((entry): entry is ReferencePost => entry.embedding !== undefined);
    const twin = variant.embedding ? closestAbove(variant.embedding, comparable, threshold) : undefined;
    if (twin) {
      violations.push({
        rule: 'near-duplicate',
        message: `Nearly the same as variant ${twin.postId} of this run (similarity ${twin.similarity.toFixed(2)}): write a different take.`,
        details: { variant: twin.postId, similarity: Number(twin.similarity.toFixed(3)) },
      });
    }
    return { ...variant, violations, valid: violations.length === 0 };
  });
}

function threadParts(platform: Platform, text: string, overrides: RuleOverrides | undefined): { parts: string[]; violation?: Violation } {
  try {
    return { parts: splitThread(platform, text, overrides) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { parts: [text], violation: { rule: 'thread-part', message: `Cannot split into a thread: ${message}` } };
  }
}

/** A past post as the voice model sees it. */
export interface VoiceSample {
  text: string;
  publishedAt?: string | null;
}

/**
 * Signatures that core/voice implements (see voice-fingerprint.ts and
 * voice-score.ts): `buildFingerprint(samples) → VoiceFingerprint`,
 * `scoreVoice(fingerprint, text) → VoiceScore`, `describeFingerprint(fp) → string[]`.
 */
export interface VoiceScore {
  /** 0-100: how much the text sounds like the profile. */
  score: number;
  /** Feature-level notes a person understands, e.g. "much longer than usual (412 vs 120 chars)". */
  notes: string[];
}

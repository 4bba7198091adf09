import type { Profile } from '../profiles/profile-schema.js';
import type { VoiceScore } from '../voice/voice-types.js';

/** What generation needs from a profile's derived voice. */
export interface VoiceContext {
  /** Past posts the fingerprint was built from. */
  sampleCount: number;
  /** The fingerprint's habits in words, for the prompt. */
  habits: string[];
  /** Scores a text against the fingerprint; absent when there are too few posts to have one. */
  scoreVoice?: (text: string) => VoiceScore;
}

/** Gives the voice context of a profile (VoiceService implements it). */
export interface VoiceContextSource {
  contextFor(profile: Profile): Promise<VoiceContext>;
}

import type { Platform } from '../platforms/platform-id.js';

/**
 * What the model wrote and what the user approved, for one generated draft.
 * The generated text is kept from the moment the draft is saved, however
 * often the draft is edited afterwards.
 */
export interface EditPair {
  postId: number;
  profileId: number;
  platform: Platform;
  generationId: number | null;
  generatedText: string;
  /** The text when it was last approved (or scheduled, or published). */
  approvedText: string;
  generatedAt: string;
  approvedAt: string;
}

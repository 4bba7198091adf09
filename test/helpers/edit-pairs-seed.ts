import type { App } from '../../src/app/create-app.js';
import { PostInputSchema } from '../../src/core/posts/post-schema.js';

/** Texts of generated drafts and the user's edits: emoji out and shorter each time. */
export const EDITED_DRAFTS = [
  { generated: '🎉 Big news: our cold brew is back on tap in both shops, steeped for eighteen slow hours 🚀', approved: 'Cold brew is back on tap.' },
  { generated: '☕ A brand new single origin from Huila lands on our shelves this Friday, with red apple notes ✨', approved: 'New Huila on the shelf Friday.' },
];

/**
 * Gives a profile learnt guidance (removes-emoji, shortens) the way a user
 * would: generated drafts (saved as a generation run saves them), edited,
 * then approved through the post service. Returns the approved post ids.
 */
export async function seedEditedDrafts(app: App, workspace: string, handle: string): Promise<number[]> {
  const scope = { workspace };
  const profile = await app.profiles.get(scope, handle);
  const { posts } = await app.storage.generations.save(
    { profileId: profile.id, platform: 'x', kind: 'generate', topic: 'shop news', model: 'scripted:seed', promptVersion: 'generate-v1', retrieval: 'vector', exampleIds: [], promptTokens: 1, completionTokens: 1, latencyMs: 1 },
    EDITED_DRAFTS.map((draft, index) => ({
      ...PostInputSchema.parse({ platform: 'x', text: draft.generated, source: 'generated', status: 'draft' }),
      dedupeKey: `generated:seed-${handle}-${index}`,
    })),
  );
  for (const [index, post] of posts.entries()) {
    await app.posts.update(scope, post.id, { text: EDITED_DRAFTS[index]!.approved });
    await app.posts.setStatus(scope, post.id, 'approved');
  }
  return posts.map((post) => post.id);
}

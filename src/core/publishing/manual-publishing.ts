import { splitThread } from '../platforms/platform-check.js';
import { PLATFORM_RULES } from '../platforms/platform-rules.js';
import type { Post } from '../posts/post-schema.js';

/** What `smm publish` offers for a platform it cannot publish to. */
export interface ManualPublishing {
  message: string;
  /** The text ready to paste, one entry per post of a thread. */
  parts: string[];
  /** A link that opens the platform's composer with the text filled in, where the platform has one. */
  shareUrl: string | null;
}

/**
 * X, LinkedIn, Instagram, Threads and Facebook: their publishing APIs need
 * an app reviewed by the platform (and paid tiers for X), so smm does not
 * publish there. It says so, and hands over the text.
 */
export function manualPublishing(post: Pick<Post, 'platform' | 'text'> & { threadParts?: string[] | null }): ManualPublishing {
  const rule = PLATFORM_RULES[post.platform];
  let parts: string[];
  try {
    parts = post.threadParts && post.threadParts.length > 0 ? post.threadParts : splitThread(post.platform, post.text);
  } catch {
    parts = [post.text.trim()];
  }
  const first = parts[0] ?? '';
  const shareUrl = post.platform === 'x' ? `https://x.com/intent/post?text=${encodeURIComponent(first)}` : null;
  return {
    message:
      `smm does not publish to ${rule.name}: its API needs an app approved by the platform. ` +
      (shareUrl ? 'Open the link below (it fills in the text) or paste the text yourself, then mark the post published.' : 'Paste the text below into the app, then mark the post published.'),
    parts,
    shareUrl,
  };
}

import type { ToolChatMessage } from '../../core/ports.js';

/** The sentence the assistant shows with a preview; the user's next message must confirm it. */
export function confirmationPrompt(postId: number): string {
  return `Reply "yes, publish post ${postId}" to publish it.`;
}

const AFFIRMATIVE = /^\s*(yes|y|yep|yeah|ok|okay|sure|confirm(ed)?|go( ahead)?|do it|publish)\b/i;

/**
 * Whether the person confirmed publishing this post: the assistant's last
 * message before their last one showed them its preview (with the
 * confirmation sentence), and that last message says yes. A model cannot
 * confirm on its own, nor reuse a yes to something else for an older preview.
 */
export function userConfirmedPublish(messages: readonly ToolChatMessage[], postId: number): boolean {
  const lastHuman = messages.findLastIndex((message) => message.role === 'user');
  if (lastHuman < 0 || !AFFIRMATIVE.test(messages[lastHuman]!.content)) return false;
  const shown = messages.slice(0, lastHuman).findLast((message) => message.role === 'assistant');
  return shown !== undefined && shown.content.includes(confirmationPrompt(postId));
}

interface PreviewResult {
  needsConfirmation: boolean;
  preview: { postId: number; platform: string; account: string | null; parts: string[]; problems: string[]; manual: { message: string; parts: string[]; shareUrl: string | null } | null };
}

export function isPublishPreview(result: unknown): result is PreviewResult {
  return typeof result === 'object' && result !== null && 'needsConfirmation' in result && 'preview' in result;
}

/** The preview as the person sees it, ending with the sentence they confirm with. */
export function renderPublishPreview(result: PreviewResult): string {
  const { preview } = result;
  if (preview.manual) {
    return [`**Post ${preview.postId}:** ${preview.manual.message}`, ...(preview.manual.shareUrl ? [`[Open in X](${preview.manual.shareUrl})`] : []), ...preview.manual.parts.map((part) => `> ${part.replaceAll('\n', '\n> ')}`)].join('\n\n');
  }
  if (preview.problems.length > 0) return [`**Post ${preview.postId} cannot be published yet:**`, ...preview.problems.map((problem) => `- ${problem}`)].join('\n');
  const where = `${preview.platform}${preview.account ? ` as ${preview.account}` : ''}`;
  const parts = preview.parts.map((part, index) => `${preview.parts.length > 1 ? `**${index + 1}/${preview.parts.length}**\n` : ''}> ${part.replaceAll('\n', '\n> ')}`);
  return [`**Ready to publish post ${preview.postId} to ${where}${preview.parts.length > 1 ? ` as a thread of ${preview.parts.length}` : ''}:**`, ...parts, confirmationPrompt(preview.postId)].join('\n\n');
}

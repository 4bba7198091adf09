import { describe, expect, it } from 'vitest';
import type { ToolChatMessage } from '../../core/ports.js';
import { confirmationPrompt, isPublishPreview, renderPublishPreview, userConfirmedPublish } from './publish-confirmation.js';

const user = (content: string): ToolChatMessage => ({ role: 'user', content });
const assistant = (content: string): ToolChatMessage => ({ role: 'assistant', content });
const shownPreview = (postId: number) => assistant(`**Ready to publish post ${postId} to mastodon:**\n\n> Hello\n\n${confirmationPrompt(postId)}`);

type Preview = Parameters<typeof renderPublishPreview>[0]['preview'];
const preview = (fields: Partial<Preview> = {}): Preview => ({ postId: 7, platform: 'mastodon', account: '@acme@social.example', parts: ['Hello world.'], problems: [], manual: null, ...fields });

describe('userConfirmedPublish', () => {
  it('lets a post through when its preview was shown and the person answers yes', () => {
    expect(userConfirmedPublish([user('publish post 7'), shownPreview(7), user('yes, publish post 7')], 7)).toBe(true);
  });

  it('takes the usual ways of saying yes, at the start of the reply, in any case', () => {
    for (const reply of ['yes', 'Y', 'yep', 'Yeah!', 'ok', 'OKAY then', 'sure', 'confirm', 'Confirmed.', 'go', 'go ahead', 'do it', 'Publish', '  yes please']) {
      expect(userConfirmedPublish([shownPreview(7), user(reply)], 7), reply).toBe(true);
    }
  });

  it('does not take a no, a question, or a word that only starts like yes', () => {
    for (const reply of ['no', 'not yet', 'yesterday was better', 'goodbye', 'publisher?', 'okey-dokey... wait, no', 'what would it look like?', 'I said yes earlier', '']) {
      expect(userConfirmedPublish([shownPreview(7), user(reply)], 7), reply).toBe(false);
    }
  });

  it('needs the preview of this very post: a yes to another post publishes nothing here', () => {
    expect(userConfirmedPublish([shownPreview(8), user('yes')], 7)).toBe(false);
    // Post 7 must not ride on the preview of post 17 or 70.
    expect(userConfirmedPublish([shownPreview(17), user('yes')], 7)).toBe(false);
    expect(userConfirmedPublish([shownPreview(70), user('yes')], 7)).toBe(false);
  });

  it('needs the preview to come from the assistant, before the yes', () => {
    // The person pasting the sentence themselves, or a system message holding it, is not a preview they were shown.
    expect(userConfirmedPublish([user(confirmationPrompt(7)), user('yes')], 7)).toBe(false);
    expect(userConfirmedPublish([{ role: 'system', content: confirmationPrompt(7) }, user('yes')], 7)).toBe(false);
    expect(userConfirmedPublish([user('yes'), shownPreview(7)], 7)).toBe(false);
    expect(userConfirmedPublish([shownPreview(7)], 7)).toBe(false);
    expect(userConfirmedPublish([], 7)).toBe(false);
  });

  it('reads only the last thing the person said', () => {
    expect(userConfirmedPublish([shownPreview(7), user('yes'), assistant('Which account?'), user('no, wait')], 7)).toBe(false);
  });

  it('does not take a yes to something later as the answer to an older preview', () => {
    const conversation = [user('publish post 7'), shownPreview(7), user('no, not now'), assistant('Fine, nothing was sent.'), user('ok, write two posts about cold brew')];
    expect(userConfirmedPublish(conversation, 7)).toBe(false);
  });
});

describe('isPublishPreview', () => {
  it("tells publish_post's preview from its other answers", () => {
    expect(isPublishPreview({ needsConfirmation: true, published: false, preview: preview() })).toBe(true);
    expect(isPublishPreview({ outcome: 'published', url: 'https://social.example/1' })).toBe(false);
    expect(isPublishPreview({ needsConfirmation: true })).toBe(false);
    expect(isPublishPreview(null)).toBe(false);
    expect(isPublishPreview('preview')).toBe(false);
  });
});

describe('renderPublishPreview', () => {
  it('shows where the post goes, quotes it, and ends with the sentence to confirm with', () => {
    const text = renderPublishPreview({ needsConfirmation: true, preview: preview({ parts: ['Line one.\nLine two.'] }) });
    expect(text).toBe(
      ['**Ready to publish post 7 to mastodon as @acme@social.example:**', '> Line one.\n> Line two.', 'Reply "yes, publish post 7" to publish it.'].join('\n\n'),
    );
    expect(text.endsWith(confirmationPrompt(7))).toBe(true);
  });

  it('numbers the parts of a thread and leaves out a missing account', () => {
    const text = renderPublishPreview({ needsConfirmation: true, preview: preview({ account: null, platform: 'bluesky', parts: ['One.', 'Two.'] }) });
    expect(text).toBe(
      ['**Ready to publish post 7 to bluesky as a thread of 2:**', '**1/2**\n> One.', '**2/2**\n> Two.', 'Reply "yes, publish post 7" to publish it.'].join('\n\n'),
    );
  });

  it('lists what stands in the way instead of asking to confirm', () => {
    const text = renderPublishPreview({ needsConfirmation: false, preview: preview({ problems: ['The post is a draft: approve it first.', 'No Mastodon account for @acme.'] }) });
    expect(text).toBe('**Post 7 cannot be published yet:**\n- The post is a draft: approve it first.\n- No Mastodon account for @acme.');
    expect(text).not.toContain('Reply "yes');
  });

  it('gives the text to paste (and the X share link) for platforms nothing is sent to, without asking to confirm', () => {
    const manual = { message: 'smm does not post to X: paste it yourself.', parts: ['Hello\nthere.'], shareUrl: 'https://x.com/intent/post?text=Hello' };
    const text = renderPublishPreview({ needsConfirmation: false, preview: preview({ platform: 'x', manual }) });
    expect(text).toBe(['**Post 7:** smm does not post to X: paste it yourself.', '[Open in X](https://x.com/intent/post?text=Hello)', '> Hello\n> there.'].join('\n\n'));
    const linkedin = renderPublishPreview({ needsConfirmation: false, preview: preview({ platform: 'linkedin', manual: { ...manual, shareUrl: null } }) });
    expect(linkedin).not.toContain('Open in X');
    expect(linkedin).not.toContain('Reply "yes');
  });
});

import { ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { parsePlatform } from '../../core/platforms/platform-id.js';
import type { ScriptedResponder, ScriptedTurn } from './scripted-assistant-model.js';

const HELP = [
  'This server runs the assistant without a tool-calling language model (SMM_LLM is embedded or scripted), so I understand a few plain requests:',
  '',
  '- "list profiles"',
  '- "show posts of @acme about cold brew"',
  '- "write 3 posts for @acme on x about our new roast"',
  '- "rewrite post 42 for linkedin" · "make post 42 shorter"',
  '- "approve post 42" · "schedule post 42 at 2026-12-01T09:00:00Z"',
  '- "publish post 42" (shows it first; "yes, publish post 42" sends it) · "calendar for @acme this week"',
  '- "voice of @acme"',
  '',
  'For free conversation, point the server at a tool-calling model: SMM_LLM=ollama (e.g. SMM_MODEL=llama3.1) or SMM_LLM=openai.',
].join('\n');

const PLATFORM_WORDS = /\b(x|twitter|linkedin|instagram|ig|threads|bluesky|bsky|mastodon|facebook|fb)\b/i;

/**
 * Maps plain requests to tool calls with patterns, and tool results to short
 * answers: the assistant's fallback when the configured model cannot call
 * tools (the embedded llama.cpp default) and the `scripted` provider's brain.
 */
export const intentResponder: ScriptedResponder = (messages) => {
  const last = messages[messages.length - 1];
  if (last instanceof ToolMessage) return { text: answerFromTool(String(last.content)) };
  const request = textOf(last).trim();
  const call = intentOf(request);
  return call ? { toolCalls: [call] } : { text: HELP };
};

function intentOf(request: string): NonNullable<ScriptedTurn['toolCalls']>[number] | undefined {
  const lower = request.toLowerCase();
  const handle = /@([a-z0-9][a-z0-9_.-]{0,63})/i.exec(request)?.[1]?.toLowerCase();
  const postId = /\bpost\s*#?(\d+)\b/i.exec(request)?.[1];
  const platform = parsePlatform(PLATFORM_WORDS.exec(lower)?.[1] ?? '');
  if (/\b(list|show|which|what)\b.*\bprofiles\b/.test(lower)) return { name: 'list_profiles', args: {} };
  if (postId && /\bapprove\b/.test(lower)) return { name: 'approve_post', args: { id: Number(postId) } };
  if (postId && /\bpublish\b/.test(lower)) return { name: 'publish_post', args: { id: Number(postId), confirm: /^\s*(yes|y|confirm|ok)\b/.test(lower) } };
  if (/\b(calendar|schedule for|what is scheduled)\b/.test(lower)) return { name: 'get_calendar', args: { ...(handle ? { handle } : {}), days: /\bweek\b/.test(lower) ? 7 : 14 } };
  if (postId && /\bschedule\b/.test(lower)) {
    const when = /(\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?)/i.exec(request)?.[1];
    return { name: 'schedule_post', args: { id: Number(postId), scheduledAt: when ?? '' } };
  }
  if (postId && /\b(rewrite|shorter|longer|repurpose|adapt)\b/.test(lower)) {
    return {
      name: 'rewrite_post',
      args: { postId: Number(postId), ...(platform ? { to: platform } : {}), shorter: /\bshorter\b/.test(lower), longer: /\blonger\b/.test(lower) },
    };
  }
  if (handle && /\b(write|generate|draft|create)\b.*\b(posts?|tweets?|variants?|drafts?|threads?)\b/.test(lower)) {
    const count = /\b(\d{1,2})\s+(?:posts?|tweets?|variants?|drafts?|versions?|options?)\b/.exec(lower)?.[1];
    const topic = /\babout\s+(.+)$/is.exec(request)?.[1]?.trim().replace(/[.!?]+$/, '') ?? '';
    return { name: 'generate_posts', args: { handle, platform: platform ?? 'x', topic, n: count ? Number(count) : 3 } };
  }
  if (handle && /\bvoice\b/.test(lower)) return { name: 'show_voice', args: { handle } };
  if (handle && /\bposts?\b/.test(lower)) {
    const search = /\b(?:about|mentioning|with)\s+(.+)$/is.exec(request)?.[1]?.trim().replace(/[.!?]+$/, '');
    return { name: 'list_posts', args: { handle, ...(search ? { search } : {}), limit: 10 } };
  }
  if (postId && /\b(show|get|open)\b/.test(lower)) return { name: 'get_post', args: { id: Number(postId) } };
  return undefined;
}

function answerFromTool(content: string): string {
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(content) as Record<string, unknown>;
  } catch {
    return content;
  }
  const error = result.error as { message?: string; hint?: string | null } | string | undefined;
  if (error) return typeof error === 'string' ? error : `That did not work: ${error.message ?? 'unknown error'}${error.hint ? ` ${error.hint}` : ''}`;
  if (result.preview) return result.needsConfirmation ? 'Nothing was sent yet.' : 'Nothing was sent.';
  if (typeof result.outcome === 'string') {
    if (result.outcome === 'published') return `Published post #${String(result.postId)}: ${String(result.url)}`;
    return `Post #${String(result.postId)} was not published (${result.outcome}): ${String(result.error ?? (result.manual as { message?: string } | undefined)?.message ?? '')}`;
  }
  if (Array.isArray(result.days)) {
    const days = result.days as Array<{ date: string; weekday: string; profiles: Record<string, Array<{ postId: number; time: string; platform: string; status: string }>>; gaps: string[] }>;
    return days
      .map((day) => {
        const entries = Object.entries(day.profiles).flatMap(([handle, posts]) => posts.map((post) => `@${handle} ${post.time} ${post.platform} #${post.postId} (${post.status})`));
        return `- **${day.weekday} ${day.date}**: ${entries.length ? entries.join('; ') : 'nothing'}${day.gaps.length && entries.length ? ` · gaps: ${day.gaps.map((handle) => `@${handle}`).join(', ')}` : ''}`;
      })
      .join('\n');
  }
  if (result.shownToUser) return 'Approve one with "approve post <id>", or schedule it with "schedule post <id> at 2026-12-01T09:00:00Z".';
  if (Array.isArray(result.profiles)) {
    const profiles = result.profiles as Array<{ handle: string; displayName: string; platforms: string[] }>;
    if (profiles.length === 0) return 'There are no profiles yet. Create one with `smm profile add <handle>` or ask me to create it.';
    return profiles.map((profile) => `- **@${profile.handle}** — ${profile.displayName}${profile.platforms.length ? ` (${profile.platforms.join(', ')})` : ''}`).join('\n');
  }
  if (Array.isArray(result.posts)) {
    const posts = result.posts as Array<{ id: number; platform: string; status: string; text: string; publishedAt: string | null }>;
    if (posts.length === 0) return 'No posts match.';
    return posts.map((post) => `- #${post.id} · ${post.platform} · ${post.status}${post.publishedAt ? ` · ${post.publishedAt.slice(0, 10)}` : ''}: ${oneLine(post.text)}`).join('\n');
  }
  if (typeof result.id === 'number' && typeof result.status === 'string') {
    const when = typeof result.scheduledAt === 'string' && result.status === 'scheduled' ? ` for ${result.scheduledAt}` : '';
    return `Post #${result.id} is now **${result.status}**${when}.`;
  }
  if (Array.isArray(result.summary)) return (result.summary as string[]).map((line) => `- ${line}`).join('\n');
  return `\`\`\`json\n${JSON.stringify(result, null, 2).slice(0, 4000)}\n\`\`\``;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 140 ? `${flat.slice(0, 139)}…` : flat;
}

function textOf(message: BaseMessage | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '')).join(' ');
}

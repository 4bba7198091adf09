import type { Violation } from '../../../core/platforms/index.js';
import type { PostInspection } from '../../../core/posts/index.js';
import type { CliContext } from '../cli-context.js';
import { truncate } from '../format-text.js';

/** A post's voice score for `post show`: the score and its notes, or why there is none. */
export interface VoiceScoreView {
  score: number | null;
  notes: string[];
  unavailable: string | null;
}

/** Warns on stderr (even with --quiet: it is about the user's post) what the rules found; --json carries it in the output. */
export function warnViolations(context: CliContext, post: { id: number; violations: readonly Violation[] }): void {
  if (context.json || post.violations.length === 0) return;
  context.stderr.write(`warning: post ${post.id} breaks ${post.violations.length} rule${post.violations.length === 1 ? '' : 's'}; it cannot be approved or scheduled until fixed (or with --force):\n`);
  for (const violation of post.violations) context.stderr.write(`  - ${violation.message}\n`);
}

/** `smm post show`: the post and what a person needs to decide on it. */
export function describePost(inspection: PostInspection, voice: VoiceScoreView): string {
  const { post, profile, generation } = inspection;
  const engagement = post.engagement;
  const figures = [`${engagement.likes ?? '—'} likes`, `${engagement.reposts ?? '—'} reposts`, `${engagement.replies ?? '—'} replies`, `${engagement.impressions ?? '—'} impressions`];
  const lines = [
    `Post ${post.id} of @${profile.handle} on ${post.platform} — ${post.status}${post.isReply ? ' (reply)' : ''}`,
    `  source: ${post.source}${post.externalId ? `, platform id ${post.externalId}` : ''}${post.url ? `, ${post.url}` : ''}`,
    `  published: ${post.publishedAt ?? '—'}  scheduled: ${post.scheduledAt ?? '—'}  created: ${post.createdAt}`,
    `  engagement: ${figures.join(', ')}`,
    `  tags: ${post.tags.join(', ') || '—'}`,
  ];
  if (post.contentWarning) lines.push(`  content warning: ${post.contentWarning}`);
  if (post.status === 'published' || post.status === 'archived') lines.push('  rules: not checked (published or archived)');
  else if (post.violations.length === 0) lines.push('  rules: passes every rule of the platform and the voice');
  else {
    lines.push(`  rules: breaks ${post.violations.length} (approve or schedule needs --force):`);
    for (const violation of post.violations) lines.push(`    - ${violation.message}`);
  }
  if (voice.score !== null) lines.push(`  voice score: ${voice.score}/100${voice.notes.length > 0 ? ` (${voice.notes.slice(0, 4).join('; ')})` : ''}`);
  else lines.push(`  voice score: — (${voice.unavailable ?? 'not available'})`);
  if (generation) {
    lines.push(
      `  generated: run ${generation.id}, ${generation.kind} by ${generation.model}, prompt ${generation.promptVersion}, ${generation.retrieval} retrieval, ${generation.createdAt}`,
      `  topic: ${generation.topic}`,
    );
    if (generation.examples.length === 0) lines.push('  examples: none');
    else {
      lines.push(`  examples shown to the model (${generation.examples.length}):`);
      for (const example of generation.examples) lines.push(`    #${example.postId}: ${truncate(example.text.replace(/\s+/g, ' '), 100)}`);
    }
  }
  lines.push('');
  if (post.threadParts) {
    post.threadParts.forEach((part, index) => lines.push(`[${index + 1}/${post.threadParts!.length}]`, part, ''));
  } else lines.push(post.text);
  return lines.join('\n').trimEnd();
}

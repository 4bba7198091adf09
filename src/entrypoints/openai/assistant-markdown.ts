import type { GenerationResult } from '../../core/generation/index.js';

/** Whether a tool result is a generation (generate_posts / rewrite_post). */
export function isGenerationResult(value: unknown): value is GenerationResult {
  const candidate = value as Partial<GenerationResult> | null;
  return typeof candidate === 'object' && candidate !== null && Array.isArray(candidate.variants) && typeof candidate.generationId === 'number';
}

/**
 * Variants as the chat shows them: each text in a quote block, then its
 * length as the platform counts it against the limit, its voice score and
 * any rule it breaks; the past posts used as examples at the end.
 */
export function renderVariantsMarkdown(result: GenerationResult, platform?: string): string {
  const lines: string[] = [];
  result.variants.forEach((variant, index) => {
    const verdict = variant.valid ? '✅ fits' : '⚠️ breaks a rule';
    const voice = variant.voiceScore === null ? 'voice score n/a (too few past posts)' : `voice ${variant.voiceScore}/100`;
    lines.push(`**Variant ${index + 1}** · draft #${variant.postId}${platform ? ` · ${platform}` : ''}`, '');
    const parts = variant.parts && variant.parts.length > 1 ? variant.parts : [variant.text];
    parts.forEach((part, partIndex) => {
      if (partIndex > 0) lines.push('>');
      lines.push(...part.split('\n').map((line) => `> ${line}`));
    });
    lines.push('', `${variant.length} / ${variant.limit} characters · ${voice} · ${verdict}`);
    for (const violation of variant.violations) lines.push(`- ${violation.message}`);
    if (variant.voiceNotes.length > 0 && !variant.violations.some((violation) => violation.rule === 'voice')) lines.push(`_Voice: ${variant.voiceNotes.join('; ')}._`);
    lines.push('');
  });
  if (result.examples.length > 0) {
    const examples = result.examples.map((example) => `#${example.postId}`).join(', ');
    lines.push(`_Written from ${result.examples.length} past posts (${examples}; ${result.retrieval === 'vector' ? 'similarity search' : 'full-text fallback'})._`, '');
  }
  return lines.join('\n');
}

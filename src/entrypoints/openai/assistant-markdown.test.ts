import { describe, expect, it } from 'vitest';
import type { GeneratedVariant, GenerationResult } from '../../core/generation/index.js';
import { isGenerationResult, renderVariantsMarkdown } from './assistant-markdown.js';

function variant(fields: Partial<GeneratedVariant> = {}): GeneratedVariant {
  return { postId: 41, text: 'Cold brew is back.', length: 18, limit: 280, valid: true, violations: [], voiceScore: 82, voiceNotes: [], hashtags: [], ...fields };
}

function result(fields: Partial<GenerationResult> = {}): GenerationResult {
  return {
    generationId: 5,
    variants: [variant()],
    examples: [],
    retrieval: 'vector',
    model: 'scripted:test',
    usage: { promptTokens: 100, completionTokens: 20 },
    latencyMs: 12,
    ...fields,
  };
}

describe('isGenerationResult', () => {
  it('recognises what generate_posts and rewrite_post return, and nothing else', () => {
    expect(isGenerationResult(result())).toBe(true);
    expect(isGenerationResult(result({ variants: [] }))).toBe(true);
    expect(isGenerationResult({ variants: [], generationId: '5' })).toBe(false);
    expect(isGenerationResult({ variants: 'none', generationId: 5 })).toBe(false);
    expect(isGenerationResult({ profiles: [] })).toBe(false);
    expect(isGenerationResult(null)).toBe(false);
    expect(isGenerationResult(undefined)).toBe(false);
    expect(isGenerationResult('variants')).toBe(false);
  });
});

describe('renderVariantsMarkdown', () => {
  it('quotes each variant under its number and draft id, with length / limit, voice score and verdict', () => {
    const markdown = renderVariantsMarkdown(result({ variants: [variant(), variant({ postId: 42, text: 'Two lines\nof text.', length: 18, voiceScore: 64 })] }), 'x');
    expect(markdown).toBe(
      [
        '**Variant 1** · draft #41 · x',
        '',
        '> Cold brew is back.',
        '',
        '18 / 280 characters · voice 82/100 · ✅ fits',
        '',
        '**Variant 2** · draft #42 · x',
        '',
        '> Two lines',
        '> of text.',
        '',
        '18 / 280 characters · voice 64/100 · ✅ fits',
        '',
      ].join('\n'),
    );
  });

  it('leaves the platform out of the heading when it is not known (a rewrite)', () => {
    expect(renderVariantsMarkdown(result()).split('\n')[0]).toBe('**Variant 1** · draft #41');
  });

  it('lists each broken rule under a variant that breaks one', () => {
    const broken = variant({
      length: 312,
      valid: false,
      violations: [
        { rule: 'length', message: 'Too long for X: 312 of 280 characters.' },
        { rule: 'banned-word', message: 'Uses the banned word "synergy".' },
      ],
    });
    const lines = renderVariantsMarkdown(result({ variants: [broken] }), 'x').split('\n');
    expect(lines.slice(4, 7)).toEqual(['312 / 280 characters · voice 82/100 · ⚠️ breaks a rule', '- Too long for X: 312 of 280 characters.', '- Uses the banned word "synergy".']);
  });

  it('says why there is no voice score, and gives the voice notes unless a voice violation already says it', () => {
    const unscored = renderVariantsMarkdown(result({ variants: [variant({ voiceScore: null })] }));
    expect(unscored).toContain('18 / 280 characters · voice score n/a (too few past posts) · ✅ fits');
    const noted = renderVariantsMarkdown(result({ variants: [variant({ voiceScore: 40, voiceNotes: ['more exclamation marks than usual', 'no sign-off'] })] }));
    expect(noted).toContain('\n_Voice: more exclamation marks than usual; no sign-off._\n');
    const offVoice = renderVariantsMarkdown(
      result({ variants: [variant({ voiceScore: 20, valid: false, voiceNotes: ['no sign-off'], violations: [{ rule: 'voice', message: 'Does not sound like @acme: no sign-off.' }] })] }),
    );
    expect(offVoice).toContain('- Does not sound like @acme: no sign-off.');
    expect(offVoice).not.toContain('_Voice:');
  });

  it('quotes each part of a thread, separated by an empty quote line; a single part is the text itself', () => {
    const thread = variant({ text: '1/2 Start.\n\n2/2 End.', parts: ['1/2 Start.', '2/2 End.\nBye.'] });
    expect(renderVariantsMarkdown(result({ variants: [thread] }))).toContain('\n> 1/2 Start.\n>\n> 2/2 End.\n> Bye.\n');
    const single = variant({ text: 'The whole text.', parts: ['Only part.'] });
    expect(renderVariantsMarkdown(result({ variants: [single] }))).toContain('\n> The whole text.\n');
  });

  it('ends with the past posts used as examples and how they were found', () => {
    const examples = [
      { postId: 3, text: 'Past one.' },
      { postId: 9, text: 'Past two.' },
    ];
    expect(renderVariantsMarkdown(result({ examples })).endsWith('\n_Written from 2 past posts (#3, #9; similarity search)._\n')).toBe(true);
    expect(renderVariantsMarkdown(result({ examples, retrieval: 'fulltext-fallback' }))).toContain('_Written from 2 past posts (#3, #9; full-text fallback)._');
    expect(renderVariantsMarkdown(result())).not.toContain('Written from');
  });
});

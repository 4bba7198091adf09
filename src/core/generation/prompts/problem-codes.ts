import type { Violation } from '../../platforms/rule-types.js';

/**
 * The repair rules, written once into the generation prompt (before its
 * topic-dependent sections) so that a model keeping its evaluated prompt
 * reads them once: a repair turn then carries only the problems, as the
 * short codes this section explains.
 */
export const REPAIR_SECTION = [
  'REPAIR: when variants break a rule, the next message is PROBLEMS: quoted data, a JSON object mapping the number of each failing variant in your last answer to its problems.',
  'Then reply with those variants only, rewritten, in that order, in the same JSON format: each fixes all its problems and keeps its idea, this voice and the form the TASK asked for (a thread stays a thread).',
  'Codes: "length 312/280" (or "bytes", or "part 2 length" for a thread part) = too long: cut at least the difference; "hashtags 4/2", "links", "mentions", "emoji", "parts" = count/allowed: remove the excess;',
  '"banned word" = never use it; "copies" = too close to a past post, a draft or another variant: new words, new angle; "voice 12/100: …" = too low a score for this voice, and how it differs; "empty" = write the text.',
].join('\n');

/** Voice notes a repair turn names, largest differences first. */
const MAX_VOICE_NOTES = 3;

/**
 * A violation as the repair turn states it: figures and a code, not the
 * sentence written for a person (e.g. "length 312/280" for "Too long for X:
 * 312/280 weighted characters …: cut at least 32"). The words of REPAIR_SECTION
 * explain every code; an unknown shape falls back to the person's sentence.
 */
export function problemCode(violation: Violation): string {
  const details = violation.details ?? {};
  const figure = (key: string): number | undefined => (typeof details[key] === 'number' ? details[key] : undefined);
  const ratio = (code: string, value: number | undefined, limit: number | undefined): string | undefined =>
    value === undefined || limit === undefined ? undefined : `${code} ${value}/${limit}`;
  const code = ((): string | undefined => {
    switch (violation.rule) {
      case 'length':
        return ratio('length', figure('length'), figure('limit'));
      case 'bytes':
        return ratio('bytes', figure('bytes'), figure('limit'));
      case 'hashtags':
      case 'links':
      case 'mentions':
      case 'emoji':
        return ratio(violation.rule, figure('count'), figure('limit'));
      case 'banned-word':
        return typeof details.word === 'string' ? `banned word ${JSON.stringify(details.word)}` : undefined;
      case 'near-duplicate':
        if (figure('variant') !== undefined) return `copies variant ${figure('variant')}`;
        return details.draft === true ? 'copies a draft' : 'copies a past post';
      case 'voice': {
        const score = ratio('voice', figure('score'), 100);
        // The largest differences; a model reads the first few.
        const notes = Array.isArray(details.notes) ? details.notes.filter((note): note is string => typeof note === 'string').slice(0, MAX_VOICE_NOTES) : [];
        return score && `${score}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`;
      }
      case 'empty':
        return 'empty';
      case 'thread-part': {
        const part = figure('part');
        if (part === undefined) return ratio('parts', figure('parts'), figure('limit'));
        if (figure('length') !== undefined) return `part ${part} ${ratio('length', figure('length'), figure('limit'))}`;
        if (figure('bytes') !== undefined) return `part ${part} ${ratio('bytes', figure('bytes'), figure('limit'))}`;
        return `part ${part} empty`;
      }
      default:
        return undefined;
    }
  })();
  return code ?? violation.message;
}

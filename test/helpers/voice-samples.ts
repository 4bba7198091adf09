/**
 * Two made-up voices with distinct habits, for voice-model tests:
 * - "maya", a founder: lowercase, emoji, "quick thought:" openers, signs off "— m", #buildinpublic, no links;
 * - "ledger", a news desk: Title Case headlines ending with an lgr.news short link, no emoji, no hashtags.
 * Generated deterministically from templates so that held-out posts share the style, not the words.
 */

const TOPICS = [
  'pricing', 'onboarding', 'hiring', 'docs', 'support', 'roadmaps', 'retention', 'churn', 'demos', 'feedback',
  'launches', 'bugs', 'meetings', 'focus', 'design', 'metrics', 'sales calls', 'investors', 'remote work', 'burnout',
  'open source', 'security', 'testing', 'deadlines', 'mentoring',
];

const MAYA_PATTERNS = [
  (topic: string) => `quick thought: ${topic} is mostly about listening. ship small, learn fast 🚀`,
  (topic: string) => `spent the morning on ${topic} and honestly? it was the best part of my week 🙌 — m`,
  (topic: string) => `quick thought: nobody gets ${topic} right the first time. that's fine. #buildinpublic`,
  (topic: string) => `hot take: ${topic} matters more than your tech stack 🚀 — m`,
  (topic: string) => `today we changed how we do ${topic}. tiny change, big difference 🙌 #buildinpublic`,
];

const LEDGER_PATTERNS = [
  (topic: string, id: string) => `Report Finds ${title(topic)} Costs Rising Across Mid-Sized Firms https://lgr.news/${id}`,
  (topic: string, id: string) => `Analysts Question Industry Approach to ${title(topic)} https://lgr.news/${id}`,
  (topic: string, id: string) => `Regulators Weigh New Rules on ${title(topic)}, Sources Say https://lgr.news/${id}`,
  (topic: string, id: string) => `Survey: Executives Rank ${title(topic)} Among Top Concerns for 2026 https://lgr.news/${id}`,
  (topic: string, id: string) => `How ${title(topic)} Became a Boardroom Issue https://lgr.news/${id}`,
];

function title(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

function shortId(index: number): string {
  return (index * 7919 + 104729).toString(36).slice(-6);
}

/** Posts of a voice: `count` posts starting at template offset `from` (use distinct offsets for train and held-out). */
export function mayaPosts(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, index) => {
    const position = from + index;
    const pattern = MAYA_PATTERNS[position % MAYA_PATTERNS.length]!;
    return pattern(TOPICS[(position * 3) % TOPICS.length]!);
  });
}

export function ledgerPosts(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, index) => {
    const position = from + index;
    const pattern = LEDGER_PATTERNS[position % LEDGER_PATTERNS.length]!;
    return pattern(TOPICS[(position * 7) % TOPICS.length]!, shortId(position));
  });
}

/** Other people's writing, as a voice background in tests (the product uses the team's posts and the Brown Corpus). */
export const BACKGROUND_TEXTS: readonly string[] = [
  'The council meets on Tuesday to discuss the new bus timetable.',
  'Our quarterly report is now available on the website.',
  'just made pancakes and burnt every single one of them lol',
  'Tickets for the autumn concert are on sale from Monday.',
  'Can anyone recommend a good plumber in the north end?',
  'Five tips for a better night of sleep, according to experts.',
  'We are hiring two engineers for the data team. Apply by Friday.',
  'The library will be closed on Saturday for maintenance.',
  'honestly the best part of the trip was the train ride',
  'Stocks rose slightly as investors awaited the jobs report.',
  'Happy birthday to my brother, the funniest person I know.',
  'The museum opens a new exhibition on ancient maps next week.',
];

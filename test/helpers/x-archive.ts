import { writeFileSync } from 'node:fs';

/** Writes an X archive `tweets.js` with `count` originals (every 10th a reply) and `retweets` retweets. */
export function writeXArchive(file: string, count: number, retweets = 0, seed = 'post'): void {
  const items: string[] = [];
  const base = Date.UTC(2020, 0, 1);
  for (let index = 0; index < count + retweets; index += 1) {
    const retweet = index >= count;
    const date = new Date(base + index * 60_000).toUTCString().replace('GMT', '+0000');
    const tweet: Record<string, unknown> = {
      id_str: String(1_000_000_000_000 + index),
      full_text: retweet ? `RT @someone: shared ${index}` : `${seed} ${index}: thoughts on coffee, roasting and brewing #${index % 7} 🚀`,
      created_at: date,
      favorite_count: String(index % 97),
      retweet_count: String(index % 13),
      entities: { urls: [] },
      lang: 'en',
    };
    if (!retweet && index % 10 === 0 && index > 0) tweet.in_reply_to_status_id_str = String(1_000_000_000_000 + index - 1);
    items.push(JSON.stringify({ tweet }));
  }
  writeFileSync(file, `window.YTD.tweets.part0 = [\n${items.join(',\n')}\n]\n`);
}

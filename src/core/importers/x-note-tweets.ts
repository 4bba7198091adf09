import { asArray, asObject, asString, readJsonRecords } from './import-helpers.js';
import type { ExportFile } from './export-source.js';
import { decodeEntities } from './html-to-text.js';

/** A long post of an X archive (`note-tweet.js`): its whole text and when it was written. */
interface NoteTweet {
  id: string;
  time: number;
  text: string;
  used: boolean;
}

/** Characters of a tweet's text compared with the start of a note's. */
const PREFIX_CHARACTERS = 40;
/** X writes the tweet's created_at to the second and the note's createdAt to the millisecond. */
const SAME_TIME_MS = 2_000;

const whitespace = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The long posts of an X archive, joined to their tweets. `tweets.js` holds
 * a long post cut at about 280 characters (ending in "…" and a link); its
 * whole text is in `note-tweet.js` under a different id. A tweet and a note
 * are one post when they were written in the same two seconds and the
 * tweet's text, up to its "…", starts the note's text (links expanded in
 * both, whitespace compared loosely).
 */
export class NoteTweets {
  private readonly bySecond = new Map<number, NoteTweet[]>();
  private readonly all: NoteTweet[] = [];

  static async read(files: readonly ExportFile[]): Promise<NoteTweets> {
    const notes = new NoteTweets();
    for (const file of files) {
      for await (const element of readJsonRecords(file, { assignmentPrefix: true })) {
        const note = asObject(asObject(element.value)?.['noteTweet']);
        const core = asObject(note?.['core']);
        let text = asString(core?.['text']);
        const time = Date.parse(asString(note?.['createdAt']) ?? '');
        if (!note || text === undefined || Number.isNaN(time)) continue;
        for (const url of asArray(core?.['urls'])) {
          const short = asString(asObject(url)?.['shortUrl']);
          const expanded = asString(asObject(url)?.['expandedUrl']);
          if (short && expanded) text = text.split(short).join(expanded);
        }
        notes.add({ id: asString(note['noteTweetId']) ?? '', time, text: decodeEntities(text).trimEnd(), used: false });
      }
    }
    return notes;
  }

  private add(note: NoteTweet): void {
    this.all.push(note);
    const second = Math.floor(note.time / 1000);
    this.bySecond.set(second, [...(this.bySecond.get(second) ?? []), note]);
  }

  get size(): number {
    return this.all.length;
  }

  /** The whole text of a tweet that is the cut form of a note, else undefined. */
  fullText(tweetText: string, publishedAt: string | null): string | undefined {
    if (this.all.length === 0 || publishedAt === null) return undefined;
    const time = Date.parse(publishedAt);
    const second = Math.floor(time / 1000);
    const cut = tweetText.lastIndexOf('…');
    const prefix = whitespace(cut >= 0 ? tweetText.slice(0, cut) : tweetText).slice(0, PREFIX_CHARACTERS);
    if (prefix === '') return undefined;
    for (const candidate of [second - 2, second - 1, second, second + 1].flatMap((key) => this.bySecond.get(key) ?? [])) {
      if (Math.abs(candidate.time - time) < SAME_TIME_MS && whitespace(candidate.text).startsWith(prefix)) {
        candidate.used = true;
        return candidate.text;
      }
    }
    return undefined;
  }

  /** Notes no tweet was found for (their tweet deleted, or not in this archive). */
  unused(): { id: string }[] {
    return this.all.filter((note) => !note.used);
  }
}

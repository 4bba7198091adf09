/**
 * `npm run eval:voice -- <train.jsonl> <test.jsonl>`: measures the voice
 * model on an authorship set (lines `{"author","text","time"}`): one
 * fingerprint per author from train, every test post scored against every
 * profile. Progress goes to stderr; the last stdout line is
 * `voice top1=X top5=Y` (workspace background, 4 decimals).
 * Without arguments it reads ../shared/fixtures/voice-devset/.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateVoice, type AuthoredPost } from '../src/core/voice/voice-evaluation.js';

function readJsonLines(file: string): AuthoredPost[] {
  let body: string;
  try {
    body = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}. Pass the train and test JSONL files.`, { cause: error });
  }
  const posts: AuthoredPost[] = [];
  body.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${file}:${index + 1} is not JSON. Each line must be {"author","text","time"}.`, { cause: error });
    }
    const record = value as Partial<AuthoredPost>;
    if (typeof record.author !== 'string' || typeof record.text !== 'string') {
      throw new Error(`${file}:${index + 1} lacks a string "author" or "text". Each line must be {"author","text","time"}.`);
    }
    posts.push({ author: record.author, text: record.text, time: typeof record.time === 'string' ? record.time : undefined });
  });
  return posts;
}

function main(): void {
  // dist-bench/bench/eval-voice.js → the project root is two folders up.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const devset = path.resolve(root, '..', 'shared', 'fixtures', 'voice-devset');
  const [trainFile = path.join(devset, 'train.jsonl'), testFile = path.join(devset, 'test.jsonl')] = process.argv.slice(2);
  const train = readJsonLines(trainFile);
  const test = readJsonLines(testFile);
  console.error(`Building ${new Set(train.map((post) => post.author)).size} fingerprints from ${train.length} posts…`);
  const started = performance.now();
  let reported = 0;
  const result = evaluateVoice(train, test, {
    onProgress: (done, total) => {
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent > reported || done === total) {
        reported = percent;
        console.error(`scored ${done}/${total} test posts`);
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const figure = (value: number): string => value.toFixed(4);
  console.log(`authors=${result.authors} train=${result.trainPosts} test=${result.testPosts} skipped=${result.skippedPosts} seconds=${seconds.toFixed(1)}`);
  console.log(`alone top1=${figure(result.alone.top1)} top5=${figure(result.alone.top5)} (each profile scored with its own IDF)`);
  const calibration = result.calibration;
  console.log(
    `calibration own-median=${calibration.ownMedian.toFixed(1)} other-median=${calibration.otherMedian.toFixed(1)} ` +
      `own>=${calibration.threshold}=${figure(calibration.ownAtLeast)} other>=${calibration.threshold}=${figure(calibration.otherAtLeast)}`,
  );
  console.log(`voice top1=${figure(result.workspace.top1)} top5=${figure(result.workspace.top5)}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

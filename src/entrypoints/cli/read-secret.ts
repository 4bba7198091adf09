import { InvalidInputError } from '../../core/errors.js';
import type { CliIo } from './cli-io.js';

/**
 * Reads a secret without echo from a terminal, or the first line piped in
 * (`printf %s "$APP_PASSWORD" | smm account add …`). Never from argv, where
 * other users and shell history would see it.
 */
export async function readSecret(io: Pick<CliIo, 'stdin' | 'stderr'>, prompt: string): Promise<string> {
  const stdin = io.stdin;
  if (!stdin) throw new InvalidInputError('No input to read the secret from.', { hint: 'Pipe it in: printf %s "$SECRET" | smm account add …' });
  if (stdin.isTTY && stdin.setRawMode) return readFromTerminal(stdin, io.stderr, prompt);
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n')) break;
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (secret === '') throw new InvalidInputError('Nothing was piped in for the secret.', { hint: 'Pipe it in: printf %s "$SECRET" | smm account add …, or run the command in a terminal to be asked.' });
  return secret;
}

function readFromTerminal(stdin: NonNullable<CliIo['stdin']>, stderr: CliIo['stderr'], prompt: string): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode!(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let secret = '';
    const done = (error?: Error) => {
      stdin.setRawMode!(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(secret.trim());
    };
    const onData = (chunk: Buffer | string) => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n') return done();
        if (character === '\u0003') return done(new InvalidInputError('Cancelled.'));
        if (character === '\u007f' || character === '\b') secret = secret.slice(0, -1);
        else secret += character;
      }
    };
    stdin.on('data', onData);
  });
}

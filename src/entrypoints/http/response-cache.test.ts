import { describe, expect, it } from 'vitest';
import type { ChangeToken } from '../../core/ports.js';
import { ResponseCache } from './response-cache.js';

/** A change token the test moves by hand, as the database's data_version or NOTIFY would. */
class ManualToken implements ChangeToken {
  constructor(public value: number | undefined = 1) {}
  current(): number | undefined {
    return this.value;
  }
  close(): void {}
}

describe('ResponseCache', () => {
  it("gives the database's current token", () => {
    const changes = new ManualToken(7);
    const cache = new ResponseCache(changes);
    expect(cache.token()).toBe(7);
    changes.value = 8;
    expect(cache.token()).toBe(8);
    changes.value = undefined;
    expect(cache.token()).toBeUndefined();
  });

  it('serves an answer only under the token it was stored with', () => {
    const cache = new ResponseCache(new ManualToken());
    cache.set('list_profiles', 1, '{"profiles":[]}');
    expect(cache.get('list_profiles', 1)).toBe('{"profiles":[]}');
    expect(cache.get('list_profiles', 1)).toBe('{"profiles":[]}');
    expect(cache.get('other', 1)).toBeUndefined();
  });

  it('never serves an answer stored under an older token, not even after going back to that token', () => {
    const cache = new ResponseCache(new ManualToken());
    cache.set('key', 1, 'old');
    expect(cache.get('key', 2)).toBeUndefined();
    // The stale entry is gone: it does not come back for a reader still holding the old token.
    expect(cache.get('key', 1)).toBeUndefined();
  });

  it('keeps an answer computed during a change under the older token, so a later reader misses', () => {
    const changes = new ManualToken(1);
    const cache = new ResponseCache(changes);
    const token = cache.token(); // read before the work, as the routes do
    changes.value = 2; // a write lands while the answer is computed
    cache.set('key', token, 'computed-before-the-write');
    expect(cache.get('key', cache.token())).toBeUndefined();
    cache.set('key', cache.token(), 'fresh');
    expect(cache.get('key', 2)).toBe('fresh');
  });

  it('keeps and serves nothing while there is no token (answers not reused)', () => {
    const cache = new ResponseCache(new ManualToken(undefined));
    cache.set('key', undefined, 'body');
    expect(cache.get('key', undefined)).toBeUndefined();
    cache.set('key', 1, 'body');
    expect(cache.get('key', undefined)).toBeUndefined();
    expect(cache.get('key', 1)).toBe('body');
  });

  it('treats token 0 as a real token', () => {
    const cache = new ResponseCache(new ManualToken(0));
    cache.set('key', 0, 'body');
    expect(cache.get('key', 0)).toBe('body');
  });

  it('replaces an entry stored again under the same key', () => {
    const cache = new ResponseCache(new ManualToken());
    cache.set('key', 1, 'first');
    cache.set('key', 1, 'second');
    expect(cache.get('key', 1)).toBe('second');
  });

  it('drops the least recently used entry past maxEntries, a read counting as a use', () => {
    const cache = new ResponseCache(new ManualToken(), 2);
    cache.set('a', 1, 'A');
    cache.set('b', 1, 'B');
    expect(cache.get('a', 1)).toBe('A'); // a is now the most recent
    cache.set('c', 1, 'C');
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBe('A');
    expect(cache.get('c', 1)).toBe('C');
    // Storing again under an existing key does not evict anything.
    cache.set('a', 1, 'A2');
    expect(cache.get('c', 1)).toBe('C');
    expect(cache.get('a', 1)).toBe('A2');
  });

  it('does not keep answers larger than maxBodyBytes', () => {
    const cache = new ResponseCache(new ManualToken(), 10, 5);
    cache.set('fits', 1, '12345');
    cache.set('large', 1, '123456');
    expect(cache.get('fits', 1)).toBe('12345');
    expect(cache.get('large', 1)).toBeUndefined();
  });

  it('keeps a large answer from replacing a smaller one it could not store', () => {
    const cache = new ResponseCache(new ManualToken(), 10, 5);
    cache.set('key', 1, 'small');
    cache.set('key', 2, 'too large');
    // The old entry stays, but under its old token it is never served for the new one.
    expect(cache.get('key', 2)).toBeUndefined();
  });
});

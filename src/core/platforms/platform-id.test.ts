import { describe, expect, it } from 'vitest';
import { parsePlatform, PLATFORMS } from './platform-id.js';

describe('parsePlatform', () => {
  it('accepts every platform id, whatever its case and spaces', () => {
    for (const platform of PLATFORMS) expect(parsePlatform(` ${platform.toUpperCase()} `)).toBe(platform);
  });

  it('reads the common aliases', () => {
    expect(parsePlatform('Twitter')).toBe('x');
    expect(parsePlatform('bsky')).toBe('bluesky');
    expect(parsePlatform('IG')).toBe('instagram');
    expect(parsePlatform(' fb')).toBe('facebook');
    expect(parsePlatform('li')).toBe('linkedin');
  });

  it('gives undefined for anything else', () => {
    expect(parsePlatform('myspace')).toBeUndefined();
    expect(parsePlatform('')).toBeUndefined();
    expect(parsePlatform('toString')).toBeUndefined();
    expect(parsePlatform('constructor')).toBeUndefined();
    expect(parsePlatform('__proto__')).toBeUndefined();
  });
});

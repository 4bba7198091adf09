import { describe, expect, it } from 'vitest';
import { anatomize, hostOf, linksOf } from './voice-text.js';

describe('hostOf', () => {
  it('drops the scheme, a leading "www.", the port and the path, and lowercases', () => {
    expect(hostOf('HTTPS://WWW.Example.COM:8080/a/b?c=d#e')).toBe('example.com');
    expect(hostOf('svn+ssh://git.example.org/repo')).toBe('git.example.org');
    expect(hostOf('bbc.in/1KXHq5J')).toBe('bbc.in');
  });

  it('removes a scheme and "www." only at the start', () => {
    expect(hostOf('awww.example.com/x')).toBe('awww.example.com');
    expect(hostOf('my_http://other.org')).toBe('my_http');
  });
});

describe('linksOf', () => {
  it('gives each link with its host and position', () => {
    expect(linksOf('see cnn.it/x and https://www.bbc.co.uk/news')).toEqual([
      { url: 'cnn.it/x', host: 'cnn.it', start: 4, end: 12 },
      { url: 'https://www.bbc.co.uk/news', host: 'bbc.co.uk', start: 17, end: 43 },
    ]);
  });
});

describe('anatomize', () => {
  it('normalizes line endings and spaces around line breaks, keeping at most one empty line', () => {
    expect(anatomize('a\r\nb\rc').normalized).toBe('a\nb\nc');
    expect(anatomize('one \n two\n\n\n\nthree').normalized).toBe('one\ntwo\n\nthree');
    expect(anatomize('a\n b').normalized).toBe('a\nb');
  });

  it('keeps prose without links, with runs of spaces collapsed and line breaks kept', () => {
    const post = anatomize('  Read   this\n\nnow http://x.com/y  please  ');
    expect(post.prose).toBe('Read this\n\nnow please');
    expect(anatomize('(http://x.com/y)').prose).toBe('( )');
  });

  it('reads words without hashtags and mentions, which end where the tag ends', () => {
    expect(anatomize('ab#cd-ef and @ana.b x').words).toEqual(['ab', 'ef', 'and', 'x']);
    expect(anatomize('').words).toEqual([]);
    expect(anatomize('🙌 🚀').words).toEqual([]);
  });

  it('keeps sentences with a letter or a digit, trimmed', () => {
    expect(anatomize('Hi there. Bye 2 you!').sentences).toEqual(['Hi there.', 'Bye 2 you!']);
    expect(anatomize('Hi').sentences).toEqual(['Hi']);
    expect(anatomize('42').sentences).toEqual(['42']);
    expect(anatomize('🙌').sentences).toEqual([]);
    expect(anatomize('').sentences).toEqual([]);
  });

  it('counts length in graphemes of the trimmed text, each link as 23', () => {
    expect(anatomize('  hi  ').length).toBe(2);
    expect(anatomize('go http://example.com/a/very/long/path/indeed').length).toBe(3 + 23);
    expect(anatomize('👍🏽!').length).toBe(2);
  });
});

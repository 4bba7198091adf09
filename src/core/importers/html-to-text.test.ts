import { describe, expect, test } from 'vitest';
import { decodeEntities, htmlToText } from './html-to-text.js';

describe('decodeEntities', () => {
  test('every named entity it knows, in any case', () => {
    const named: [string, string][] = [
      ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'], ['hellip', '…'], ['mdash', '—'], ['ndash', '–'],
      ['lsquo', '‘'], ['rsquo', '’'], ['ldquo', '“'], ['rdquo', '”'], ['laquo', '«'], ['raquo', '»'], ['middot', '·'], ['bull', '•'], ['copy', '©'],
      ['reg', '®'], ['trade', '™'], ['euro', '€'], ['pound', '£'], ['yen', '¥'], ['deg', '°'], ['times', '×'], ['shy', '\u00ad'], ['zwj', '\u200d'], ['zwnj', '\u200c'],
    ];
    for (const [name, char] of named) {
      expect(decodeEntities(`a&${name};b`)).toBe(`a${char}b`);
      expect(decodeEntities(`&${name.toUpperCase()};`)).toBe(char);
    }
  });

  test('decimal and hex references, up to the last code point', () => {
    expect(decodeEntities('&#233;t&#xE9; &#X1f600; &#128512; &#x10FFFF;')).toBe('été 😀 😀 \u{10ffff}');
    expect(decodeEntities('&#65;&#0066;&#x043;')).toBe('ABC');
    // Seven decimal digits and six hex digits are the longest read.
    expect(decodeEntities('&#1114111; &#0000065; &#x01F600;')).toBe('\u{10ffff} A 😀');
  });

  test('references that name no character stay as written', () => {
    for (const text of ['&#0;', '&#x0;', '&#x110000;', '&#1114112;', '&#xD800;', '&#57343;', '&#xDFFF;', '&#55296;', '&nosuch;', '&#;', '&#x;', '&;', '&a;', '& amp;', '&amp', '&#12345678;', '&#x1234567;'])
      expect(decodeEntities(text)).toBe(text);
    expect(decodeEntities('&#xD7FF;&#xE000;')).toBe('\ud7ff\ue000');
  });

  test('a name of 32 characters is the longest looked at; names may hold digits', () => {
    expect(decodeEntities(`&a${'b'.repeat(31)};`)).toBe(`&a${'b'.repeat(31)};`);
    expect(decodeEntities(`&amp;&${'x'.repeat(33)};`)).toBe(`&&${'x'.repeat(33)};`);
    expect(decodeEntities('&frac12; &amp;')).toBe('&frac12; &');
  });

  // Names of Object.prototype members ("&constructor;" once became "function Object() { [native code] }").
test('a reference named like an Object member is not an entity and stays as written', () => {
    for (const text of ['&constructor;', '&toString;', '&valueOf;', '&hasOwnProperty;']) expect(decodeEntities(`use ${text} here`)).toBe(`use ${text} here`);
  });

  test('text without an ampersand is returned as is', () => {
    expect(decodeEntities('plain #1; text')).toBe('plain #1; text');
  });
});

describe('htmlToText', () => {
  test('paragraphs become blank-line separated, <br> a line break, in any case and with attributes', () => {
    expect(htmlToText('<P class="x">Eins</P>\n<p>Zwei<BR>drei<br/>vier<br  />fünf</p>')).toBe('Eins\n\nZwei\ndrei\nvier\nfünf');
  });

  test('source line breaks are spaces, CRLF and CR too', () => {
    expect(htmlToText('<p>one\r\ntwo\rthree\nfour</p>')).toBe('one two three four');
  });

  test('block elements are paragraphs; list items are dashes', () => {
    expect(htmlToText('<div>intro</div><blockquote>quoted</blockquote><h2 id="t">Title</h2><ul><li>tea</li><li class="x">coffee</li></ul><ol><li>one</li></ol>')).toBe(
      'intro\n\nquoted\n\nTitle\n\n- tea\n- coffee\n\n- one',
    );
  });

  test('every other tag is dropped, its text kept; entities decoded after the tags are gone', () => {
    expect(htmlToText('<span class="h-card"><a href="https://m.example/@ann">@<span>ann</span></a></span> &lt;b&gt;not bold&lt;/b&gt;')).toBe('@ann <b>not bold</b>');
  });

  test('spaces before a line break are dropped, at most one blank line in a row, and the ends trimmed', () => {
    expect(htmlToText('  <p>a   <br>b \t</p><p></p><p></p><div></div><p>c</p>  ')).toBe('a\nb\n\nc');
  });

  test('a heading or quote between runs of text is its own paragraph', () => {
    expect(htmlToText('before<h3>Heading</h3>after')).toBe('before\n\nHeading\n\nafter');
    expect(htmlToText('a<blockquote>b</blockquote>c')).toBe('a\n\nb\n\nc');
  });

  test('a break followed by a paragraph is one blank line, not two', () => {
    expect(htmlToText('a<br><p>b</p>')).toBe('a\n\nb');
  });

  test('a tag name that only starts like a block element is not one', () => {
    expect(htmlToText('<pre>x</pre><divider>y</divider><h7>z</h7><link>w')).toBe('xyzw');
  });
});

describe('htmlToText', () => {
  test('keeps paragraphs and line breaks, drops tags, decodes entities', () => {
    expect(htmlToText('<p>First line<br />second &amp; &lt;third&gt;</p><p>Next paragraph &#39;quoted&#39; &#x1F600;</p>')).toBe(
      "First line\nsecond & <third>\n\nNext paragraph 'quoted' 😀",
    );
  });

  test("a Mastodon link keeps its full address; hashtags and mentions read as typed", () => {
    const html =
      '<p><a href="https://o3o.ca/tags/KingdomTime" class="mention hashtag" rel="tag">#<span>KingdomTime</span></a> hi <span class="h-card"><a href="https://m.s/@ann" class="u-url mention">@<span>ann</span></a></span><br /><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow"><span class="invisible">https://</span><span class="ellipsis">example.com/a?b</span><span class="invisible">=1&amp;c=2</span></a></p>';
    expect(htmlToText(html)).toBe('#KingdomTime hi @ann\nhttps://example.com/a?b=1&c=2');
  });

  test('decodeEntities decodes once and leaves unknown references', () => {
    expect(decodeEntities('&amp;copy; &copy; &unknown; &#0; &#xD800;')).toBe('&copy; © &unknown; &#0; &#xD800;');
  });
});

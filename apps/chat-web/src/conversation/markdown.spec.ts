import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';
import { parseMarkdown, safeHref } from './markdown';

const html = (body: string, me?: string) => renderToStaticMarkup(createElement(Markdown, { body, me }));

describe('markdown-lite', () => {
  it('renders bold, italics, code and line breaks', () => {
    expect(html('**hola** *mundo* _ya_ `x < y`\nfin')).toBe(
      '<strong>hola</strong> <em>mundo</em> <em>ya</em> <code>x &lt; y</code><br/>fin',
    );
  });

  it('renders fenced code blocks verbatim, markup inside included', () => {
    expect(html('antes\n```\n**no** <b>\n```\ndespués')).toBe(
      'antes<br/><pre><code>**no** &lt;b&gt;</code></pre><br/>después',
    );
  });

  it('links http(s) URLs safely and leaves the sentence punctuation out', () => {
    expect(html('mira https://intranet.local/a_b?x=1&y=2.')).toBe(
      'mira <a href="https://intranet.local/a_b?x=1&amp;y=2" target="_blank" rel="noopener noreferrer nofollow">https://intranet.local/a_b?x=1&amp;y=2</a>.',
    );
    expect(html('[manual](https://wiki.local/Manual_(v2))')).toContain(
      'href="https://wiki.local/Manual_(v2)"',
    );
  });

  it('never renders HTML typed in a message', () => {
    const hostile =
      '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a>';
    const out = html(hostile);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<a ');
    expect(out).toContain('&lt;script&gt;');
  });

  it('refuses links to anything but the web', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(safeHref(url)).toBeNull();
      expect(html(`[click](${url})`)).not.toContain('<a');
    }
    expect(html('[x](javascript://%0aalert(1))')).not.toContain('<a');
    expect(html('**[x](https://ok.local" onmouseover="alert(1))**')).not.toContain('onmouseover="');
  });

  it('escapes attribute breakouts inside a link', () => {
    const out = html('https://a.local/"><script>alert(1)</script>');
    expect(out).not.toContain('<script');
    expect(out).toContain('href="https://a.local/"');
  });

  it('highlights @mentions, the reader’s own differently', () => {
    expect(html('hola @ana y @luis.', 'ana')).toBe(
      'hola <span class="mention mention-me">@ana</span> y <span class="mention">@luis</span>.',
    );
    expect(parseMarkdown('ana@example.org')).toEqual([{ type: 'text', text: 'ana@example.org' }]);
  });

  it('keeps unmatched markers and snake_case as text', () => {
    expect(html('2 * 3 * 4 and some_var_name and **open')).toBe('2 * 3 * 4 and some_var_name and **open');
  });

  it('stays fast and shallow on pathological input', () => {
    const inputs = [
      '*'.repeat(4000),
      '**a'.repeat(1300),
      '_a'.repeat(2000),
      '`'.repeat(4000),
      '['.repeat(2000) + ']('.repeat(1000),
      'https://'.repeat(500),
      '**'.repeat(10) + 'x' + '**'.repeat(10),
    ];
    for (const input of inputs) {
      const started = performance.now();
      const out = html(input);
      expect(performance.now() - started).toBeLessThan(500);
      expect(out.length).toBeGreaterThan(0);
    }
  });

  it('limits nesting depth', () => {
    const nested = '**_*'.repeat(20) + 'x' + '*_**'.repeat(20);
    expect(() => html(nested)).not.toThrow();
  });
});

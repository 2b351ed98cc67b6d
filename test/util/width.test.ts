import { describe, expect, it } from 'vitest';
import { fill, stripAnsi, truncate, visibleWidth, wrap } from '../../src/util/width.ts';

/** Measured independently of the module under test: ANSI stripped, one column per code point. */
const measured = (line: string) => [...line.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')].length;

describe('terminal width', () => {
  it('does not count colour codes, counts wide characters twice', () => {
    expect(visibleWidth('\u001b[31mFAIL\u001b[0m')).toBe(4);
    expect(visibleWidth('日本')).toBe(4);
    expect(stripAnsi('\u001b[1mx\u001b[0m')).toBe('x');
  });

  it('truncates to the width with an ellipsis, keeping colour codes closed', () => {
    const cut = truncate('\u001b[31mabcdefghij\u001b[0m', 5);
    expect(measured(cut)).toBe(5);
    expect(stripAnsi(cut)).toBe('abcd…');
    expect(cut.endsWith('\u001b[0m')).toBe(true);
    expect(truncate('short', 10)).toBe('short');
  });

  it('wraps words with a hanging indent and never exceeds the width, breaking words too long for any line', () => {
    const text = `fix: ${'word '.repeat(30)}https://example.com/${'x'.repeat(150)} end`;
    for (const width of [20, 60, 80]) {
      const lines = wrap(text, width, '      fix: ', '        ');
      expect(lines.length).toBeGreaterThan(1);
      for (const l of lines) expect(measured(l)).toBeLessThanOrEqual(width);
      expect(lines.slice(1).every((l) => l.startsWith('        '))).toBe(true);
      // nothing is lost: the words and the broken URL are all there
      expect(lines.map((l) => l.trim()).join('')).toContain('x'.repeat(10));
      expect(lines.join(' ').match(/word/g)).toHaveLength(30);
    }
  });

  it('keeps a long word whole on a line of its own when it fits there, and keeps double spaces', () => {
    const url = `https://learn.microsoft.com/${'a'.repeat(42)}`;
    expect(wrap(url, 80, '      docs: ', '        ')).toEqual(['      docs:', `        ${url}`]);
    expect(wrap('id  message', 80)).toEqual(['id  message']);
    expect(wrap('one\ntwo', 80, '> ', '  ')).toEqual(['> one', '  two']);
  });

  it('fills a command to the last column so its text stays in order', () => {
    const command = `Set-RemoteMailbox bob -RemoteRoutingAddress ${'b'.repeat(100)}@contoso.mail.onmicrosoft.com`;
    const lines = fill(command, 60, '          ', '            ');
    for (const l of lines) expect(measured(l)).toBeLessThanOrEqual(60);
    expect(lines[0]).toHaveLength(60);
    expect(lines.map((l) => l.trimStart()).join('')).toBe(command);
  });
});

/**
 * Terminal width: what a line occupies on screen (ANSI colour codes take none, East Asian wide
 * characters and emoji take two, combining marks none), and wrapping/truncating to a width.
 */

const ANSI_PATTERN = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff
  )
    return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** The columns a line occupies on a terminal. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) width += charWidth(ch.codePointAt(0)!);
  return width;
}

/** Cuts a line to at most `width` visible columns, ending in … when cut; colour codes are kept. */
export function truncate(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let coloured = false;
  let i = 0;
  while (i < text.length) {
    ANSI_PATTERN.lastIndex = i;
    const esc = text.startsWith('\u001b[', i) ? ANSI_PATTERN.exec(text) : null;
    if (esc && esc.index === i) {
      out += esc[0];
      coloured = true;
      i += esc[0].length;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
    i += ch.length;
  }
  ANSI_PATTERN.lastIndex = 0;
  return `${out}…${coloured ? '\u001b[0m' : ''}`;
}

/** Splits a word wider than `width` into pieces that fit (a long URL or JSON value). */
function breakWord(word: string, width: number): string[] {
  const plain = stripAnsi(word);
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const ch of plain) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width && piece) {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += ch;
    used += w;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Word-wraps `text` to `width` columns: the first line starts with `first`, the others with
 * `rest` (a hanging indent). Newlines in the text start new lines; words too long for a line are
 * broken. Every returned line is at most `width` columns wide.
 */
export function wrap(
  text: string,
  width: number,
  first = '',
  rest = ' '.repeat(visibleWidth(first)),
): string[] {
  const lines: string[] = [];
  const restWidth = visibleWidth(rest);
  let prefix = first;
  for (const paragraph of text.split('\n')) {
    let line = prefix;
    let lineWidth = visibleWidth(prefix);
    let empty = true;
    // Words with the spaces before each, so "id  message" keeps its two spaces on one line.
    const tokens = [...paragraph.matchAll(/( *)([^ ]+)/g)].map((m) => ({ gap: m[1]!.length, word: m[2]! }));
    for (const { gap, word } of tokens) {
      const w = visibleWidth(word);
      if (!empty && lineWidth + gap + w <= width) {
        line += `${' '.repeat(gap)}${word}`;
        lineWidth += gap + w;
        continue;
      }
      if (empty && lineWidth + w <= width) {
        line += word;
        lineWidth += w;
        empty = false;
        continue;
      }
      // The word does not fit on this line: start a new one, so a URL or command stays in one
      // piece when it fits a line of its own; break it only when no line can hold it.
      if (!empty || (w <= width - restWidth && stripAnsi(line).trim() !== '')) {
        lines.push(line);
        line = rest;
        lineWidth = restWidth;
      }
      const avail = width - lineWidth;
      if (w <= avail) {
        line += word;
        lineWidth += w;
      } else {
        const [head = '', ...tail] = breakWord(word, Math.max(1, avail));
        const pieces = [head, ...breakWord(tail.join(''), Math.max(1, width - restWidth))];
        for (const [n, piece] of pieces.entries()) {
          if (n > 0) {
            lines.push(line);
            line = rest;
          }
          line += piece;
        }
        lineWidth = visibleWidth(line);
      }
      empty = false;
    }
    lines.push(line);
    prefix = rest;
  }
  return lines.map((l) => truncate(l.trimEnd(), width));
}

/**
 * Fills lines to the last column, breaking anywhere: for a command or record that is copied, so
 * its text stays in order with no gaps where a word would have moved to the next line.
 */
export function fill(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let used = visibleWidth(first);
  for (const ch of stripAnsi(text)) {
    const w = visibleWidth(ch);
    if (used + w > width && stripAnsi(line).trim() !== '') {
      lines.push(line);
      line = rest;
      used = visibleWidth(rest);
    }
    line += ch;
    used += w;
  }
  lines.push(line);
  return lines.map((l) => truncate(l.trimEnd(), width));
}

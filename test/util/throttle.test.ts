import { describe, expect, it } from 'vitest';
import { type Clock, countText, throttle } from '../../src/util/throttle.ts';

/** A clock that moves only when the test says so, running due timers as it passes them. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++next;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(id) {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (to: number) => {
    for (;;) {
      const due = timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = to;
  };
  return { clock, advance, pending: () => timers.length };
}

describe('throttle', () => {
  it('applies the first value at once and the latest of a burst when the interval is over', () => {
    const { clock, advance } = fakeClock();
    const seen: [number, string][] = [];
    const t = throttle<string>((v) => seen.push([clock.now(), v]), 250, clock);
    t.push('a');
    advance(10);
    t.push('b');
    advance(100);
    t.push('c');
    expect(seen).toEqual([[0, 'a']]);
    advance(250);
    expect(seen).toEqual([
      [0, 'a'],
      [250, 'c'],
    ]);
    advance(1000);
    expect(seen).toHaveLength(2); // nothing new was pushed: nothing more is applied
    t.push('d'); // long after the last: at once
    expect(seen.at(-1)).toEqual([1000, 'd']);
  });

  it('a page every 5 ms for 10 s gives at most ~4 updates a second, ending on the last page', () => {
    const { clock, advance } = fakeClock();
    const seen: number[] = [];
    const t = throttle<number>((v) => seen.push(v), 250, clock);
    for (let ms = 0; ms <= 10_000; ms += 5) {
      advance(ms);
      t.push(ms);
    }
    advance(20_000);
    expect(seen.length).toBeLessThanOrEqual(10 * 4 + 2); // 4 a second, plus the first and the last
    expect(seen.length).toBeGreaterThanOrEqual(10 * 4 - 1);
    expect(seen.at(-1)).toBe(10_000);
  });

  it('cancel drops what is waiting and leaves no timer behind', () => {
    const { clock, advance, pending } = fakeClock();
    const seen: string[] = [];
    const t = throttle<string>((v) => seen.push(v), 250, clock);
    t.push('a');
    t.push('b');
    expect(pending()).toBe(1);
    t.cancel();
    expect(pending()).toBe(0);
    advance(1000);
    expect(seen).toEqual(['a']);
  });
});

describe('countText', () => {
  it('says how far, with the estimated total when one is known', () => {
    expect(countText('AD users', 40_000, 100_000)).toBe('AD users 40,000 / ~100,000');
    expect(countText('AD users', 40_000)).toBe('AD users 40,000');
    expect(countText('Entra users', 12_000, 0)).toBe('Entra users 12,000');
  });

  it("groups digits as toLocaleString('en') does", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 123_456_789, -1234, 2.5, 1234.5])
      expect(countText('x', n, n)).toBe(
        `x ${n.toLocaleString('en')}${n > 0 ? ` / ~${n.toLocaleString('en')}` : ''}`,
      );
  });
});

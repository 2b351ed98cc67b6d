/** A clock the throttle reads and schedules with; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.(); // a pending progress line never keeps the process alive
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Throttled<T> {
  /** Offers a value: applied now if the last one was long enough ago, else the latest is applied later. */
  push(value: T): void;
  /** Drops a value still waiting (when the display stops). */
  cancel(): void;
}

/**
 * At most one `apply` per `intervalMs` (progress lines: ~4 a second), always ending on the latest
 * value: a burst of pushes applies the first at once and the last when the interval is over.
 */
export function throttle<T>(
  apply: (value: T) => void,
  intervalMs: number,
  clock: Clock = systemClock,
): Throttled<T> {
  let last = Number.NEGATIVE_INFINITY;
  let pending: { value: T } | undefined;
  let timer: unknown;
  const fire = () => {
    timer = undefined;
    if (!pending) return;
    const { value } = pending;
    pending = undefined;
    last = clock.now();
    apply(value);
  };
  return {
    push(value) {
      pending = { value };
      if (timer !== undefined) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) fire();
      else timer = clock.setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}

/** "AD users 40,000 / ~100,000" with an estimate of the total, "AD users 40,000" without one. */
export function countText(what: string, done: number, estimate?: number): string {
  const total = estimate && estimate > 0 ? ` / ~${grouped(estimate)}` : '';
  return `${what} ${grouped(done)}${total}`;
}

/**
 * A count with thousands separators, as toLocaleString('en') writes it, without loading ICU's
 * number formatting on the first page of a read (~10 ms of a source's time).
 */
function grouped(n: number): string {
  return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : n.toLocaleString('en');
}

/** Rejects with a TimeoutError naming the operation when `ms` passes or `signal` aborts first. */
class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
}

export async function withTimeout<T>(
  what: string,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  try {
    return await Promise.race([
      work(controller.signal),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new TimeoutError(`${what} timed out after ${ms} ms`);
          controller.abort(err);
          reject(err);
        }, ms);
        if (parent?.aborted) reject(abortReason(parent, what));
        parent?.addEventListener('abort', () => reject(abortReason(parent, what)), { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}

function abortReason(signal: AbortSignal, what: string): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(`${what} stopped: ${typeof reason === 'string' ? reason : 'aborted'}`);
}

import type { RegisteredCheck } from '../../src/engine/registry.ts';
import type { Check } from '../../src/engine/types.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';

/** A minimal check for runner tests: reads `openid.tenants`, severity fail unless `extra` says otherwise. */
export function testCheck(id: string, run: Check['run'], extra: Partial<Check> = {}): RegisteredCheck {
  return {
    id,
    area: 'tenant',
    severity: 'fail',
    title: `${id} ok`,
    failureTitle: `${id} bad`,
    description: 'd',
    remediation: 'r',
    docs: [],
    requires: ['openid.tenants'],
    permissions: {},
    run,
    origin: 'test',
    ...extra,
  } as RegisteredCheck;
}

/** A snapshot whose one source collected `openid.tenants`. */
export const okSnapshot: Pick<Snapshot, 'artifacts' | 'sources' | 'finishedAt'> = {
  artifacts: { 'openid.tenants': { status: 'ok', data: { a: 1 } } },
  sources: { openid: { status: 'ok', requests: 1, requestsByEndpoint: {}, durationMs: 1 } },
  finishedAt: '2026-11-25T10:00:00Z',
};

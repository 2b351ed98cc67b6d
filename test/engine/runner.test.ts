import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ExceptionBook } from '../../src/engine/exceptions.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { Finding } from '../../src/engine/types.ts';
import { testCheck as check, okSnapshot } from '../helpers/runner.ts';

const settings = { domains: [] };
const fail = (target: string): Finding => ({ target, status: 'fail', message: 'bad' });

describe('runChecks', () => {
  it('isolates a throwing check as error and still runs the others', () => {
    const results = runChecks(
      [
        check('tenant.boom', () => {
          throw new Error('kaboom');
        }),
        check('tenant.fine', () => [{ target: 't', status: 'pass', message: 'ok' }]),
      ],
      { snapshot: okSnapshot, settings },
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['tenant.boom', 'error'],
      ['tenant.fine', 'pass'],
    ]);
    expect(results[0]!.reason).toContain('kaboom');
    expect(results[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives a check only the artifacts it declared', () => {
    let seen: string[] = [];
    runChecks(
      [
        check('tenant.peek', (ctx) => {
          seen = Object.keys(ctx.artifacts);
          return [];
        }),
      ],
      {
        snapshot: {
          ...okSnapshot,
          artifacts: { ...okSnapshot.artifacts, 'graph.users': { status: 'ok', data: [] } },
        },
        settings,
      },
    );
    expect(seen).toEqual(['openid.tenants']);
  });

  it('errorWhenFailed: an optional artifact that failed makes the check an error; absent, it runs', () => {
    const pass = () => [{ target: 't', status: 'pass' as const, message: 'from the fallback evidence' }];
    const strict = check('mbx.strict', pass, {
      optional: ['exo.mailboxes'],
      errorWhenFailed: ['exo.mailboxes'],
    } as never);
    const lenient = check('mbx.lenient', pass, { optional: ['exo.mailboxes'] } as never);
    const failed = {
      ...okSnapshot,
      artifacts: {
        ...okSnapshot.artifacts,
        'exo.mailboxes': {
          status: 'error' as const,
          error: { message: 'Get-Mailbox: HTTP 403', code: 'FORBIDDEN' },
        },
      },
    };
    const [s1, l1] = runChecks([strict, lenient], { snapshot: failed, settings });
    expect([s1!.status, s1!.reason]).toEqual(['error', 'exo.mailboxes: Get-Mailbox: HTTP 403 [FORBIDDEN]']);
    expect(l1!.status).toBe('pass');
    // Not collected at all (source not configured): both fall back and pass.
    expect(runChecks([strict], { snapshot: okSnapshot, settings })[0]!.status).toBe('pass');
  });

  it('skips when the source is not configured and errors when it failed, naming the cause', () => {
    const c = check('tenant.needs-graph', () => [], { requires: ['graph.users'] as never });
    const skipped = runChecks([c], {
      snapshot: {
        ...okSnapshot,
        sources: {
          graph: {
            status: 'not-configured',
            reason: 'set `graph` in the config',
            requests: 0,
            requestsByEndpoint: {},
            durationMs: 0,
          },
        },
      },
      settings,
    })[0]!;
    expect(skipped.status).toBe('skipped');
    expect(skipped.reason).toContain('set `graph`');

    const errored = runChecks([c], {
      snapshot: {
        ...okSnapshot,
        artifacts: {
          'graph.users': {
            status: 'error',
            error: { message: 'HTTP 403', code: 'FORBIDDEN', permission: 'User.Read.All' },
          },
        },
        sources: { graph: { status: 'error', requests: 1, requestsByEndpoint: {}, durationMs: 0 } },
      },
      settings,
    })[0]!;
    expect(errored.status).toBe('error');
    expect(errored.reason).toContain('User.Read.All');
    expect(errored.reason).toContain('FORBIDDEN');
  });

  it('treats a failed source without the artifact as error, not skipped', () => {
    const c = check('tenant.needs-graph', () => [], { requires: ['graph.users'] as never });
    const r = runChecks([c], {
      snapshot: {
        ...okSnapshot,
        sources: {
          graph: {
            status: 'error',
            reason: 'ECONNREFUSED',
            requests: 0,
            requestsByEndpoint: {},
            durationMs: 0,
          },
        },
      },
      settings,
    })[0]!;
    expect(r.status).toBe('error');
    expect(r.reason).toBe('ECONNREFUSED');
  });

  it('applies severity overrides, off, and validated options', () => {
    const optioned = check(
      'tenant.opt',
      (ctx) => [{ target: String((ctx.options as { n: number }).n), status: 'fail', message: 'x' }],
      {
        options: z.strictObject({ n: z.number().default(7) }),
      },
    );
    const [asWarn, off, withOption, badOption] = [
      runChecks([check('tenant.a', () => [fail('x')])], {
        snapshot: okSnapshot,
        settings,
        checkSettings: { 'tenant.a': 'warn' },
      })[0]!,
      runChecks([check('tenant.a', () => [fail('x')])], {
        snapshot: okSnapshot,
        settings,
        checkSettings: { 'tenant.a': 'off' },
      })[0]!,
      runChecks([optioned], {
        snapshot: okSnapshot,
        settings,
        checkSettings: { 'tenant.opt': { options: { n: 3 } } },
      })[0]!,
      runChecks([optioned], {
        snapshot: okSnapshot,
        settings,
        checkSettings: { 'tenant.opt': { options: { n: 'x' } } },
      })[0]!,
    ];
    expect(asWarn.status).toBe('warn');
    expect(asWarn.severity).toBe('warn');
    expect(off.status).toBe('skipped');
    expect(withOption.findings[0]!.target.label).toBe('3');
    expect(badOption.status).toBe('error');
    expect(badOption.reason).toContain('checks.tenant.opt.options.n');
  });

  it('lets a failure outrank an error and reports counts in the message', () => {
    const r = runChecks(
      [
        check('tenant.mixed', () => [
          fail('a'),
          { target: 'b', status: 'error', message: 'timeout' },
          { target: 'c', status: 'pass', message: '' },
        ]),
      ],
      { snapshot: okSnapshot, settings },
    )[0]!;
    expect(r.status).toBe('fail');
    expect(r.message).toBe('tenant.mixed bad (1 of 3 targets)');
  });

  it('applies exceptions by check and target and keeps the original status', () => {
    const book = new ExceptionBook(
      [
        { check: 'tenant.a', target: 'x', reason: 'accepted', expires: '2026-12-31' },
        { check: 'tenant.a', target: 'y', reason: 'old', expires: '2026-01-01' },
      ],
      new Date('2026-11-25T00:00:00Z'),
    );
    const r = runChecks([check('tenant.a', () => [fail('x'), fail('y')])], {
      snapshot: okSnapshot,
      settings,
      exceptions: book,
    })[0]!;
    expect(r.findings[0]).toMatchObject({
      status: 'info',
      exception: { originalStatus: 'fail', reason: 'accepted' },
    });
    expect(r.findings[1]!.status).toBe('fail');
    expect(r.status).toBe('fail');
    expect(book.states.map((s) => s.state)).toEqual(['active', 'expired']);
  });
});

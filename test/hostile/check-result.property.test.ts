import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/engine/runner.ts';
import { exitCodeOf } from '../../src/pipeline/exit-code.ts';
import { testCheck as check, okSnapshot } from '../helpers/runner.ts';

/**
 * Property tier for what a plugin's run() may return: anything at all. The plugin's own check ends
 * as pass/fail/warn/info/error with a message, the check after it still runs, nothing escapes as an
 * exception, and the exit code stays within the contract.
 */
const anyReturn = fc.oneof(
  fc.anything(),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.array(
    fc.record(
      {
        target: fc.oneof(fc.string(), fc.record({ id: fc.string(), kind: fc.string() }), fc.anything()),
        status: fc.oneof(fc.constantFrom('pass', 'fail', 'warn', 'info', 'error'), fc.string()),
        message: fc.oneof(fc.string(), fc.anything()),
        evidence: fc.anything(),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 5 },
  ),
);

describe('arbitrary check results', () => {
  it('are validated into a result, never an exception', () => {
    fc.assert(
      fc.property(anyReturn, (returned) => {
        const results = runChecks(
          [
            check('tenant.plugin', () => returned as never),
            check('tenant.after', () => [{ target: 't', status: 'pass', message: 'ok' }]),
          ],
          { snapshot: okSnapshot, settings: { domains: [] } },
        );
        expect(['pass', 'fail', 'warn', 'info', 'error']).toContain(results[0]!.status);
        expect(typeof results[0]!.message).toBe('string');
        expect(results[1]!.status).toBe('pass');
        for (const f of results[0]!.findings) expect(typeof f.target.id).toBe('string');
        const code = exitCodeOf({
          kind: 'evaluated',
          statuses: results.map((r) => r.status),
          failOn: 'fail',
          incomplete: false,
        });
        expect([0, 1, 3]).toContain(code);
      }),
      { numRuns: 300 },
    );
  });
});

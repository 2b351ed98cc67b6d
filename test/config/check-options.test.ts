import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/config/load.ts';
import type { RegisteredCheck } from '../../src/engine/registry.ts';
import { validateCheckSettings } from '../../src/pipeline/validate-settings.ts';
import { linesOf } from './helpers.ts';

const check = {
  id: 'journal.exo-rule',
  options: z.object({ scopeNumbers: z.record(z.string(), z.string()).default({}) }),
} as unknown as RegisteredCheck;

const validate = (checks: Record<string, unknown>) => () =>
  validateCheckSettings(parseConfig({ tenant: 't', checks }, 'x.yaml', '/'), [check]);

describe('check options', () => {
  it('prints the key path of a wrong option once', () => {
    const lines = linesOf(validate({ 'journal.exo-rule': { options: { scopeNumbers: 1 } } }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^checks\.journal\.exo-rule\.options\.scopeNumbers: /);
    expect(lines[0]!.match(/checks\./g)).toHaveLength(1);
  });

  it('accepts valid options', () => {
    expect(() =>
      validate({ 'journal.exo-rule': { options: { scopeNumbers: { '0': 'Internal' } } } })(),
    ).not.toThrow();
  });

  it('names an unknown check id', () => {
    expect(linesOf(validate({ 'journal.nope': 'off' }))[0]).toMatch(
      /^checks\.journal\.nope: unknown check id/,
    );
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChecks } from '../../src/engine/registry.ts';
import { ARTIFACT_KEYS } from '../../src/evidence/index.ts';
import { loadCollectors } from '../../src/sources/registry.ts';

function pluginWith(requires: string[], optional: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-keys-'));
  const file = join(dir, 'plugin.mjs');
  const check = {
    id: 'plugin.key-test',
    area: 'plugin',
    severity: 'warn',
    title: 't',
    failureTitle: 'f',
    description: 'd',
    remediation: 'r',
    docs: [],
    requires,
    optional,
    permissions: {},
  };
  writeFileSync(file, `export default { ...${JSON.stringify(check)}, run: () => [] };\n`);
  return file;
}

describe('artifact keys', () => {
  it('lists exactly the keys the collectors produce', async () => {
    const produced = (await loadCollectors()).flatMap((c) => [...c.produces]);
    expect([...produced].sort()).toEqual([...ARTIFACT_KEYS].sort());
  });

  it('every built-in check requires only keys a collector produces', async () => {
    const keys = new Set<string>(ARTIFACT_KEYS);
    for (const c of await loadChecks())
      for (const k of [...c.requires, ...(c.optional ?? [])]) expect(keys.has(k), `${c.id}: ${k}`).toBe(true);
  });

  it('refuses at load a plugin check that requires an unknown key, naming the check and the key', async () => {
    await expect(loadChecks([pluginWith(['dns.domainz'])])).rejects.toThrow(
      /invalid check plugin\.key-test .*requires: unknown artifact key "dns\.domainz" \(did you mean "dns\.domains"\?\)/,
    );
    await expect(loadChecks([pluginWith(['dns.domains'], ['nosuch.thing'])])).rejects.toThrow(
      /optional: unknown artifact key "nosuch\.thing"/,
    );
  });

  it('loads a plugin check whose keys are all known', async () => {
    const checks = await loadChecks([pluginWith(['dns.domains'], ['ldap.users'])]);
    expect(checks.some((c) => c.id === 'plugin.key-test')).toBe(true);
  });
});

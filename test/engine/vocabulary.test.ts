import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinChecks } from '../../src/engine/registry.ts';
import { AREA_GROUPS, selectChecks } from '../../src/engine/select.ts';
import { AREAS } from '../../src/engine/types.ts';

// One vocabulary (DESIGN.md "Layers"): a check's area is its id prefix and its folder name.
describe('one vocabulary for areas', () => {
  it('holds id prefix, area and folder together for every built-in check', async () => {
    const checks = await loadBuiltinChecks();
    expect(checks.length).toBeGreaterThan(60);
    for (const c of checks) {
      const prefix = c.id.split('.')[0];
      expect(c.area, c.id).toBe(prefix);
      expect(c.file, c.id).toMatch(new RegExp(`[\\\\/]checks[\\\\/]${prefix}[\\\\/][^\\\\/]+\\.ts$`));
    }
  });

  it('has a folder under checks/ for every area but plugin, and no other folder', () => {
    const folders = readdirSync('checks', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual(
      Object.keys(AREAS)
        .filter((a) => a !== 'plugin')
        .sort(),
    );
    for (const f of folders) expect(readdirSync(join('checks', f)).length).toBeGreaterThan(0);
  });

  it('expands onprem to the AD and Exchange Server checks', async () => {
    const checks = await loadBuiltinChecks();
    const ids = selectChecks(checks, ['onprem']).map((c) => c.id);
    expect(ids).toContain('ad.rootdse');
    expect(ids).toContain('exch.server-versions');
    expect(ids.every((id) => /^(ad|exch)\./.test(id))).toBe(true);
    expect(AREA_GROUPS.onprem).toEqual(['ad', 'exch']);
  });

  it('refuses a pattern that matches no check, naming it and the nearest area', async () => {
    const checks = await loadBuiltinChecks();
    expect(() => selectChecks(checks, ['nosuch'])).toThrow(/--only nosuch: matches no check/);
    expect(() => selectChecks(checks, ['jurnal'])).toThrow(/did you mean "journal"/);
    expect(() => selectChecks(checks, undefined, ['dns.nope'])).toThrow(/--skip dns.nope/);
    expect(selectChecks(checks, ['dns.*'], ['dns.dmarc']).some((c) => c.id === 'dns.dmarc')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadChecks } from '../../src/engine/registry.ts';
import { memoryIo } from '../helpers/io.ts';

async function checks(env: NodeJS.ProcessEnv = {}) {
  const io = memoryIo(env);
  const code = await main(['node', 'hybridscan', 'checks'], io);
  return { code, out: io.out() };
}

const widths = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => [...l].length);

describe('hybridscan checks', () => {
  it('on an 80-column terminal: one line per check (id, area, severity, title cut), none wider than 80', async () => {
    const all = await loadChecks();
    const r = await checks();
    expect(r.code).toBe(0);
    expect(Math.max(...widths(r.out))).toBeLessThanOrEqual(80);
    const lines = r.out.trimEnd().split('\n');
    for (const c of all) {
      const line = lines.find((l) => l.startsWith(`${c.id} `));
      expect(line, c.id).toBeDefined();
      expect(line).toMatch(new RegExp(`^${c.id.replace('.', '\\.')} +${c.area} +${c.severity} +\\S`));
    }
    expect(r.out).not.toContain('│');
    expect(r.out).toContain(`${all.length} checks`);
  });

  it('at 60 columns too', async () => {
    const r = await checks({ COLUMNS: '60' });
    expect(Math.max(...widths(r.out))).toBeLessThanOrEqual(60);
  });

  it('the wide table only where it fits', async () => {
    const r = await checks({ COLUMNS: '400' });
    expect(r.out).toContain('│ Severity │');
    expect(Math.max(...widths(r.out))).toBeLessThanOrEqual(400);
  });
});

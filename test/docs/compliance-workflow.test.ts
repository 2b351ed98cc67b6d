import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';

const DOC = readFileSync('docs/compliance.md', 'utf8');

function blocks(lang: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

async function helpOf(command: string): Promise<string> {
  const io = memoryIo();
  await main(['node', 'hybridscan', command, '--help'], io);
  return io.out();
}

/** Every `hybridscan <command> --flag` in a text, with the flags named on that command line. */
function invocations(text: string): { command: string; flags: string[]; line: string }[] {
  return text
    .split('\n')
    .filter((l) => /(^|\s)hybridscan (scan|demo|evaluate|diff|permissions|init|collect)\b/.test(l))
    .map((line) => ({
      line,
      command: /hybridscan (\w+)/.exec(line)![1]!,
      flags: [...line.matchAll(/\s(--[a-z-]+)/g)].map((m) => m[1]!),
    }));
}

describe('docs/compliance.md', () => {
  it('the GitHub Actions workflow parses, keeps the last result, uploads SARIF and fails on regressions only', () => {
    const workflow = parse(blocks('yaml')[0]!) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: { scan: { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] } };
    };
    expect(Object.keys(workflow.on)).toContain('schedule');
    expect(workflow.permissions['security-events']).toBe('write');
    const steps = workflow.jobs.scan.steps;
    const uses = steps.map((s) => s.uses ?? '');
    expect(uses.some((u) => u.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    expect(uses.some((u) => u.startsWith('actions/cache/restore@'))).toBe(true);
    expect(uses.some((u) => u.startsWith('actions/cache/save@'))).toBe(true);
    const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(sarif?.with?.sarif_file).toBe('reports/hybridscan.sarif');
    const run = steps.map((s) => s.run ?? '').join('\n');
    expect(run).toMatch(/--baseline last\/hybridscan\.json --fail-on new/);
    expect(run).toMatch(/--format [a-z,]*sarif/);
  });

  it('every hybridscan flag in the workflow, the cron script and the systemd unit exists', async () => {
    const all = invocations(DOC);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const help = new Map<string, string>();
    for (const { command, flags, line } of all) {
      if (!help.has(command)) help.set(command, await helpOf(command));
      for (const flag of flags) expect(help.get(command), `${flag} in: ${line}`).toContain(flag);
    }
    expect(help.get('scan')).toMatch(/--fail-on <level>[\s\S]*new/);
  });

  it('the shell scripts are valid bash', () => {
    const scripts = blocks('bash');
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const script of scripts) execFileSync('bash', ['-n'], { input: script });
    const workflow = parse(blocks('yaml')[0]!) as { jobs: { scan: { steps: { run?: string }[] } } };
    for (const step of workflow.jobs.scan.steps)
      if (step.run) execFileSync('bash', ['-n'], { input: step.run });
  });
});

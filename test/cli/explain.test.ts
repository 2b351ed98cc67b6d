import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'hybridscan-explain-'));
const resultFile = join(dir, 'hybridscan.json');

async function run(...args: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

beforeAll(async () => {
  // A saved result of the gcc-high golden snapshot, as `--format json --out` writes it.
  const snapshot = join(process.cwd(), 'fixtures/golden/contoso-gcc-high.snapshot.json');
  const r = await run('evaluate', snapshot, '--format', 'json', '--out', dir, '--quiet');
  expect(r.code).toBe(1);
});

describe('hybridscan explain ID', () => {
  it('prints the description, what it reads, permissions, rule, fix and docs', async () => {
    const r = await run('explain', 'app.required-permissions');
    expect(r.code).toBe(0);
    for (const part of [
      'app.required-permissions — The archiving app has the required API permissions',
      'Why it matters',
      'MailStore uses application permissions',
      'Rule',
      'pass: The archiving app has the required API permissions',
      'fail: The archiving app lacks required API permissions',
      'depends on: app.registration-exists',
      'profile: graph',
      'required: graph.archiveApp (source graph)',
      'Permissions',
      'Application.Read.All',
      'Fix',
      'grant admin consent',
      'portal: Entra admin center',
      'https://learn.microsoft.com/graph/permissions-reference',
    ])
      expect(r.out.replace(/\n\s+/g, ' ')).toContain(part);
  });

  it('fits 80 columns', async () => {
    const r = await run('explain', 'http.exchange-build-fingerprint', '--result', resultFile);
    expect(r.code).toBe(0);
    expect(widest(r.out)).toBeLessThanOrEqual(80);
  });

  it('an unknown id is a usage error with the nearest id', async () => {
    const r = await run('explain', 'app.required-permision');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown check "app.required-permision"; did you mean app.required-permissions?');
    expect(r.out).toBe('');
  });

  it('with --result, prints every finding of that check in full', async () => {
    const r = await run('explain', 'tenant.resolve-id', '--result', 'hybridscan.json');
    expect(r.code).toBe(0);
    const flat = r.out.replace(/\n\s+/g, ' ');
    expect(flat).toContain('In hybridscan.json (contoso.onmicrosoft.com');
    expect(flat).toContain('FAIL');
    expect(flat).toContain('2 findings');
    expect(flat).toMatch(/fail +contoso\.onmicrosoft\.com \[domain\]/);
    expect(flat).toMatch(/fail +contoso\.com \[domain\]/);
    // evidence in full, not cut at 120 characters as on the console
    expect(r.out).toContain('"description":');
    expect(flat).toContain('Check to make sure you have the correct tenant ID');
  });

  it('a missing, malformed or foreign result file is a usage error naming it', async () => {
    const missing = await run('explain', 'tenant.resolve-id', '--result', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json: file not found');
    writeFileSync(join(dir, 'bad.json'), '{"tool": ');
    const bad = await run('explain', 'tenant.resolve-id', '--result', 'bad.json');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cannot read result');
    writeFileSync(join(dir, 'other.json'), '{"kind": "something else"}');
    const other = await run('explain', 'tenant.resolve-id', '--result', 'other.json');
    expect(other.code).toBe(2);
    expect(other.err).toContain('is not a hybridscan JSON result');
  });

  it('a result without that check is a usage error', async () => {
    writeFileSync(
      join(dir, 'one.json'),
      JSON.stringify({ tool: { name: 'hybridscan' }, checks: [{ id: 'dns.dmarc', findings: [] }] }),
    );
    const r = await run('explain', 'tenant.resolve-id', '--result', 'one.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('one.json has no result for tenant.resolve-id');
  });

  it('escapes every string from the result file: ANSI escapes and bidi overrides are shown, not obeyed', async () => {
    const evil = '\u001b[2J\u001b]0;pwned\u0007\u202eevil';
    writeFileSync(
      join(dir, 'evil.json'),
      JSON.stringify({
        tool: { name: 'hybridscan' },
        startedAt: evil,
        target: { tenant: evil },
        checks: [
          {
            id: 'dns.dmarc',
            status: 'fail',
            message: evil,
            reason: evil,
            findings: [
              {
                target: { kind: evil, id: evil, label: evil },
                status: evil,
                message: evil,
                evidence: { [evil]: evil, nested: { deep: [evil] } },
                exception: { originalStatus: evil, reason: evil },
              },
              'not an object',
              { target: 42, evidence: [1, 2] },
            ],
          },
        ],
      }),
    );
    const r = await run('explain', 'dns.dmarc', '--result', 'evil.json');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(r.out).toContain('\\u001b[2J');
    expect(r.out).toContain('\\u202e');
  });

  it('is in --help, and the top-level help has examples, exit codes and environment variables', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/explain \[options\] <id>/);
    expect(help.out).toContain('Examples:');
    expect(help.out).toContain('hybridscan explain app.required-permissions --result');
    expect(help.out).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /);
    for (const name of [
      'HYBRIDSCAN_CLIENT_SECRET',
      'HYBRIDSCAN_LDAP_PASSWORD',
      'HYBRIDSCAN_ANONYMIZE_KEY',
      'NO_COLOR',
    ])
      expect(help.out).toContain(name);
    const explain = await run('explain', '--help');
    expect(explain.out).toContain('--result <file>');
  });
});

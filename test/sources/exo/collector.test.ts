import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import exo from '../../../src/sources/exo/collector.ts';
import { decodeExport } from '../../../src/sources/exo/parse.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';

const root = mkdtempSync(join(tmpdir(), 'hybridscan-exo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A fresh export folder with the given files (name → bytes or text). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = join(root, `export-${n++}`);
  mkdirSync(dir);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

async function collect(exportDir: string | undefined) {
  const { config } = parseConfig(
    { tenant: 'contoso.onmicrosoft.com', ...(exportDir ? { exchangeOnline: { exportDir } } : {}) },
    'test',
    '/',
  );
  return collectAll({
    config,
    tls: loadTlsTrust(config),
    signal: new AbortController().signal,
    collectors: [exo],
  });
}

const RULE = {
  Name: 'Journal to MailStore Gateway',
  Enabled: true,
  Scope: 'Global',
  Recipient: null,
  JournalEmailAddress: 'journal@gateway.example.net',
};
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

describe('exo source (supplied export)', () => {
  it('not configured without exchangeOnline.exportDir, naming the key', async () => {
    const r = await collect(undefined);
    expect(r.sources.exo).toMatchObject({ status: 'not-configured' });
    expect(r.sources.exo?.reason).toMatch(/exchangeOnline\.exportDir/);
  });

  it('reads a single object (UTF-8 with BOM) and a UTF-16LE transport config with `<>`', async () => {
    const dir = folder({
      'journal-rules.json': Buffer.concat([BOM, Buffer.from(JSON.stringify(RULE, null, 4))]),
      'transport-config.json': utf16le('{\r\n    "JournalingReportNdrTo":  "<>"\r\n}'),
    });
    const r = await collect(dir);
    expect(r.artifacts['exo.journalRules']).toMatchObject({
      status: 'ok',
      data: {
        file: join(dir, 'journal-rules.json'),
        rules: [
          { name: RULE.Name, enabled: true, scope: 'Global', journalEmailAddress: RULE.JournalEmailAddress },
        ],
      },
    });
    const tc = r.artifacts['exo.transportConfig'];
    expect(tc?.status).toBe('ok');
    expect(
      tc?.status === 'ok' && (tc.data as { journalingReportNdrTo?: string }).journalingReportNdrTo,
    ).toBeFalsy();
    expect(r.sources.exo?.requests).toBe(2);
  });

  it('reads an array with SmtpAddress objects and numeric scopes; an empty file is no rules', async () => {
    const rules = [
      {
        ...RULE,
        Scope: 0,
        JournalEmailAddress: {
          Local: 'journal',
          Domain: 'gateway.example.net',
          Address: 'journal@gateway.example.net',
        },
      },
      { ...RULE, Name: 'Sales', Enabled: false, Recipient: 'sales@contoso.com' },
    ];
    const r = await collect(
      folder({ 'journal-rules.json': JSON.stringify(rules), 'transport-config.json': '' }),
    );
    expect(r.artifacts['exo.journalRules']).toMatchObject({
      data: {
        rules: [
          { scope: 0, journalEmailAddress: 'journal@gateway.example.net' },
          { name: 'Sales', enabled: false, recipient: 'sales@contoso.com' },
        ],
      },
    });
    expect(r.artifacts['exo.transportConfig']).toMatchObject({ status: 'ok' });
    const empty = await collect(folder({ 'journal-rules.json': '\r\n', 'transport-config.json': '{}' }));
    expect(empty.artifacts['exo.journalRules']).toMatchObject({ status: 'ok', data: { rules: [] } });
  });

  it('a malformed file is an artifact error naming the file and the JSON problem', async () => {
    const r = await collect(
      folder({
        'journal-rules.json': '{ "Name": "x", ',
        'transport-config.json': '{"JournalingReportNdrTo":"ndr@x.example"}',
      }),
    );
    const a = r.artifacts['exo.journalRules'];
    expect(a?.status).toBe('error');
    expect(a?.status === 'error' && a.error.message).toMatch(
      /journal-rules\.json is not valid export JSON: .*JSON/,
    );
    expect(r.artifacts['exo.transportConfig']).toMatchObject({
      status: 'ok',
      data: { journalingReportNdrTo: 'ndr@x.example' },
    });
    expect(r.sources.exo?.status).toBe('partial');
  });

  it('a missing file is an error, not "no rules"; a missing folder is not configured', async () => {
    const r = await collect(folder({ 'transport-config.json': '{}' }));
    const a = r.artifacts['exo.journalRules'];
    expect(a?.status === 'error' && a.error.message).toMatch(/journal-rules\.json is missing/);
    // A configured folder that does not exist: no export supplied, skipped with the key named.
    const gone = await collect(join(root, 'no-such-folder'));
    expect(gone.sources.exo?.status).toBe('not-configured');
    expect(gone.sources.exo?.reason).toMatch(/exchangeOnline\.exportDir .*no-such-folder does not exist/);
  });

  it('decodes UTF-16BE and BOM-less UTF-16LE', () => {
    const text = '{"a":1}';
    expect(decodeExport(Buffer.from(text, 'utf16le'))).toBe(text);
    expect(
      decodeExport(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])),
    ).toBe(text);
  });
});

/**
 * A throw-away Samba AD DC on a loopback address for the integration tier: provision, extend the
 * schema with the Exchange classes/attributes the scenario LDIF uses (generated from that LDIF),
 * load the scenario's objects plus N generated users offline with `ldbadd --relax` (so objectGUID
 * is deterministic), issue a TLS certificate whose SAN is the IP, then start `samba` and wait for
 * LDAPS. Every step is bounded by a timeout and fails with a one-line reason.
 * Recipe: /work/shared/reference/samba-ad-fixture.md (Debian samba 4.17).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { type LdifEntry, type LdifValue, parseLdif } from '../../../src/simulator/ldap/ldif.ts';

export const REALM = 'CORP.CONTOSO.COM';
export const DOMAIN_DN = 'DC=corp,DC=contoso,DC=com';
export const CONFIG_DN = `CN=Configuration,${DOMAIN_DN}`;
export const SCHEMA_DN = `CN=Schema,${CONFIG_DN}`;
export const ADMIN_PASSWORD = 'Passw0rd!Passw0rd';
export const ADMIN_UPN = 'Administrator@corp.contoso.com';
const ORG_DN = `CN=Contoso,CN=Microsoft Exchange,CN=Services,${CONFIG_DN}`;
const DB01_DN = `CN=DB01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,${ORG_DN}`;

const TOOLS = ['samba', 'samba-tool', 'ldbadd', 'ldbmodify', 'ldbsearch', 'openssl'];

/** Why the tier cannot run here, or undefined when it can. */
export function unavailableReason(
  dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']),
  uid = process.getuid?.(),
): string | undefined {
  const missing = TOOLS.filter(
    (t) =>
      !dirs.some((d) => {
        try {
          accessSync(join(d, t), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
  if (missing.length)
    return `Samba AD tools not installed (${missing.join(', ')} missing; apt-get install the packages in .ci/apt-samba.txt)`;
  if (uid !== 0) return 'provisioning a Samba AD DC needs root (samba-tool domain provision chowns files)';
  return undefined;
}

function findTool(t: string): string {
  for (const d of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (existsSync(join(d, t))) return join(d, t);
  }
  return t;
}

/**
 * Runs a command with a timeout (and an optional abort signal); rejects with a one-line reason
 * (plus the tail of its output).
 */
export function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
  input?: string,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      findTool(cmd),
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL', signal },
      (err, stdout, stderr) => {
        // ldbadd/ldbmodify exit 0 after a partial load: an ERR line is a failure too
        const errLine = stderr.split('\n').find((l) => l.startsWith('ERR'));
        if (err || errLine) {
          const why = signal?.aborted
            ? `aborted (${String(signal.reason ?? 'abort')})`
            : (err as { killed?: boolean })?.killed
              ? `timed out after ${timeoutMs} ms`
              : (errLine ?? err?.message ?? '');
          reject(
            new Error(
              `${cmd} ${args[0] ?? ''}: ${why.split('\n')[0]}${stderr ? ` | ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`,
            ),
          );
        } else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export interface SambaDc {
  dir: string;
  ip: string;
  caFile: string;
  url: string;
  pid: number;
  timings: Record<string, number>;
  stop(): Promise<void>;
}

export interface ProvisionOptions {
  dir: string;
  ip: string;
  scenarioLdif: string;
  users: number;
  /** Members of an extra group, for ranged retrieval. */
  bigGroupMembers: number;
  log?: (line: string) => void;
  /** Ends provisioning (the running step's process is killed, the DC stopped) when aborted. */
  signal?: AbortSignal;
}

/**
 * Where the DC lives: HYBRIDSCAN_SAMBA_DIR, else the temp dir — unless that is a tmpfs, which
 * (before Linux 6.6) cannot hold the user.NTACL xattrs provisioning writes; then node_modules/.cache.
 */
export function sambaWorkDir(): string {
  const TMPFS_MAGIC = 0x01021994;
  let parent = process.env.HYBRIDSCAN_SAMBA_DIR ?? tmpdir();
  try {
    if (!process.env.HYBRIDSCAN_SAMBA_DIR && statfsSync(parent).type === TMPFS_MAGIC) {
      parent = join(process.cwd(), 'node_modules', '.cache');
      mkdirSync(parent, { recursive: true });
    }
  } catch {
    // keep the temp dir
  }
  return mkdtempSync(join(parent, 'hybridscan-samba-'));
}

// ----------------------------------------------------------------- LDIF writing

function ldifValue(name: string, v: LdifValue): string {
  if (Buffer.isBuffer(v)) return `${name}:: ${v.toString('base64')}`;
  if (v === '' || /^[\s:<]|\s$|[^\x20-\x7e]/.test(v))
    return `${name}:: ${Buffer.from(v, 'utf8').toString('base64')}`;
  return `${name}: ${v}`;
}

function entryText(e: LdifEntry): string {
  const lines = [`dn: ${e.dn}`];
  for (const [name, values] of e.attributes) for (const v of values) lines.push(ldifValue(name, v));
  return `${lines.join('\n')}\n\n`;
}

// ----------------------------------------------------------------- schema generation

const LARGE_INTEGER = new Set(['msexchrecipienttypedetails', 'msexchremoterecipienttype']);
const NOT_ALLOWED = new Set(['objectclass', 'cn', 'objectguid', 'name', 'distinguishedname']);

interface AttrSpec {
  name: string;
  syntax: 'string' | 'int' | 'large' | 'octet';
}

function classify(name: string, values: LdifValue[]): AttrSpec['syntax'] {
  if (LARGE_INTEGER.has(name.toLowerCase())) return 'large';
  if (values.some((v) => Buffer.isBuffer(v))) return 'octet';
  if (values.every((v) => typeof v === 'string' && /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 2147483647))
    return 'int';
  return 'string';
}

const SYNTAX = {
  string: ['2.5.5.12', '64'],
  int: ['2.5.5.9', '2'],
  large: ['2.5.5.16', '65'],
  octet: ['2.5.5.10', '4'],
} as const;

/**
 * Schema LDIF for every attribute and class the entries use that the DC's schema lacks (private
 * OIDs; the scanner reads by lDAPDisplayName), and mayContain additions for existing classes.
 */
export function schemaFor(entries: LdifEntry[], existing: Set<string>, classDns: Map<string, string>) {
  const attrs = new Map<string, AttrSpec>();
  const classes = new Map<string, { name: string; superior: string; mayContain: Set<string> }>();
  const extend = new Map<string, Set<string>>();
  const seenValues = new Map<string, LdifValue[]>();
  for (const e of entries)
    for (const [name, values] of e.attributes)
      seenValues.set(name, [...(seenValues.get(name) ?? []), ...values]);
  for (const [name, values] of seenValues) {
    if (existing.has(name.toLowerCase()) || NOT_ALLOWED.has(name.toLowerCase())) continue;
    attrs.set(name.toLowerCase(), { name, syntax: classify(name, values) });
  }
  for (const e of entries) {
    const ocs = (e.attributes.find(([n]) => n.toLowerCase() === 'objectclass')?.[1] ?? [])
      .map(String)
      .filter((c) => c !== 'top');
    const structural = ocs[ocs.length - 1] ?? 'top';
    const used = e.attributes.map(([n]) => n).filter((n) => !NOT_ALLOWED.has(n.toLowerCase()));
    if (!existing.has(structural.toLowerCase())) {
      const c = classes.get(structural.toLowerCase()) ?? {
        name: structural,
        superior: ocs[ocs.length - 2] ?? 'top',
        mayContain: new Set<string>(),
      };
      for (const u of used) c.mayContain.add(u);
      classes.set(structural.toLowerCase(), c);
    } else {
      const newOnes = used.filter((u) => attrs.has(u.toLowerCase()));
      if (newOnes.length) {
        const set = extend.get(structural) ?? new Set<string>();
        for (const n of newOnes) set.add(n);
        extend.set(structural, set);
      }
    }
  }
  let n = 0;
  const attrLdif = [...attrs.values()]
    .map((a) => {
      n++;
      const [syntax, om] = SYNTAX[a.syntax];
      return [
        `dn: CN=${a.name},${SCHEMA_DN}`,
        'objectClass: top',
        'objectClass: attributeSchema',
        `cn: ${a.name}`,
        `attributeID: 1.2.840.113556.1.8000.2554.47291.10.${n}`,
        `attributeSyntax: ${syntax}`,
        `oMSyntax: ${om}`,
        'isSingleValued: FALSE',
        `lDAPDisplayName: ${a.name}`,
        'showInAdvancedViewOnly: TRUE',
        'systemOnly: FALSE',
        '',
        '',
      ].join('\n');
    })
    .join('');
  // ms-Exch-Schema-Version-Pt: what exch.ad-prep-level reads (rangeUpper)
  const versionPt = [
    `dn: CN=ms-Exch-Schema-Version-Pt,${SCHEMA_DN}`,
    'objectClass: top',
    'objectClass: attributeSchema',
    'cn: ms-Exch-Schema-Version-Pt',
    'attributeID: 1.2.840.113556.1.8000.2554.47291.10.999',
    'attributeSyntax: 2.5.5.9',
    'oMSyntax: 2',
    'isSingleValued: TRUE',
    'rangeUpper: 17003',
    'lDAPDisplayName: msExchSchemaVersionPt',
    'systemOnly: FALSE',
    '',
    '',
  ].join('\n');
  let k = 0;
  const classLdifs = [...classes.values()].map((c) => {
    k++;
    return [
      `dn: CN=${c.name},${SCHEMA_DN}`,
      'objectClass: top',
      'objectClass: classSchema',
      `cn: ${c.name}`,
      `governsID: 1.2.840.113556.1.8000.2554.47291.11.${k}`,
      `subClassOf: ${c.superior}`,
      'objectClassCategory: 1',
      'rDNAttID: cn',
      `lDAPDisplayName: ${c.name}`,
      'possSuperiors: top',
      ...[...c.mayContain].map((m) => `mayContain: ${m}`),
      'systemOnly: FALSE',
      'defaultHidingValue: TRUE',
      '',
      '',
    ].join('\n');
  });
  const modifies = [...extend.entries()].map(([cls, set]) => {
    const dn = classDns.get(cls.toLowerCase());
    if (!dn) throw new Error(`schema: class ${cls} has no DN`);
    return `dn: ${dn}\nchangetype: modify\nadd: mayContain\n${[...set].map((m) => `mayContain: ${m}`).join('\n')}\n-\n\n`;
  });
  return { attrLdif: attrLdif + versionPt, classLdifs, modifies };
}

// ----------------------------------------------------------------- generated users

/** A deterministic objectGUID for user i (bytes as AD stores them). */
export function generatedGuid(i: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x6d1b0000 + (i >>> 16), 0);
  b.writeUInt16LE(i & 0xffff, 4);
  b.writeUInt16LE(0x4000, 6);
  b.writeUInt16BE(0x8000, 8);
  b.writeUIntBE(i, 10, 6);
  return b;
}

export function generatedUsers(start: number, count: number): LdifEntry[] {
  const out: LdifEntry[] = [];
  for (let i = start; i < start + count; i++) {
    const u = `user${String(i).padStart(5, '0')}`;
    const remote = i % 4 === 0;
    const guid = generatedGuid(i);
    const attrs: [string, LdifValue[]][] = [
      ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
      ['sAMAccountName', [u]],
      ['userPrincipalName', [`${u}@contoso.com`]],
      ['displayName', [`User ${i}`]],
      ['mail', [`${u}@contoso.com`]],
      ['mailNickname', [u]],
      ['proxyAddresses', [`SMTP:${u}@contoso.com`, `smtp:${u}@contoso.mail.onmicrosoft.com`]],
      ['userAccountControl', [i % 6 === 4 ? '514' : '512']],
      ['objectGUID', [guid]],
      ['msExchMailboxGuid', [Buffer.from(guid).reverse()]],
      [
        'legacyExchangeDN',
        [`/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=${u}`],
      ],
    ];
    if (i % 10 !== 3) attrs.push(['mS-DS-ConsistencyGuid', [guid]]);
    if (remote) {
      attrs.push(
        ['msExchRecipientTypeDetails', ['2147483648']],
        ['msExchRemoteRecipientType', ['4']],
        ['msExchRecipientDisplayType', ['-2147483642']],
        ['targetAddress', [`SMTP:${u}@contoso.mail.onmicrosoft.com`]],
        ['msDS-ExternalDirectoryObjectID', [`User_${guid.toString('hex')}`]],
      );
    } else {
      attrs.push(
        ['msExchRecipientTypeDetails', ['1']],
        ['msExchRecipientDisplayType', ['1073741824']],
        ['homeMDB', [DB01_DN]],
        [
          'msExchHomeServerName',
          [
            '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=EX01',
          ],
        ],
      );
    }
    out.push({ dn: `CN=${u},OU=Dept${i % 10},OU=Staff,OU=Contoso,${DOMAIN_DN}`, attributes: attrs });
  }
  return out;
}

export function generatedUserDn(i: number): string {
  return `CN=user${String(i).padStart(5, '0')},OU=Dept${i % 10},OU=Staff,OU=Contoso,${DOMAIN_DN}`;
}

// ----------------------------------------------------------------- provisioning

function makeCert(dir: string, ip: string, signal?: AbortSignal): Promise<void> {
  const t = join(dir, 'private', 'tls');
  mkdirSync(t, { recursive: true });
  writeFileSync(
    join(t, 'ext.cnf'),
    `subjectAltName=DNS:dc01.corp.contoso.com,DNS:localhost,IP:${ip}\nextendedKeyUsage=serverAuth\n`,
  );
  const o = (args: string[]) => run('openssl', args, 60_000, undefined, signal);
  return (async () => {
    await o([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      '/CN=HybridScan Test AD CA',
      '-keyout',
      join(t, 'ca-key.pem'),
      '-out',
      join(t, 'ca.pem'),
    ]);
    await o([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=dc01.corp.contoso.com',
      '-keyout',
      join(t, 'key.pem'),
      '-out',
      join(t, 'server.csr'),
    ]);
    await o([
      'x509',
      '-req',
      '-in',
      join(t, 'server.csr'),
      '-CA',
      join(t, 'ca.pem'),
      '-CAkey',
      join(t, 'ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      join(t, 'ext.cnf'),
      '-out',
      join(t, 'cert.pem'),
    ]);
    await run('chmod', ['600', join(t, 'key.pem'), join(t, 'ca-key.pem')], 10_000, undefined, signal);
  })();
}

export async function provisionSamba(opts: ProvisionOptions): Promise<SambaDc> {
  const { dir, ip } = opts;
  const log = opts.log ?? (() => {});
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  let last = t0;
  const lap = (what: string) => {
    const now = performance.now();
    timings[what] = Math.round(now - last);
    last = now;
    log(`[samba ${((now - t0) / 1000).toFixed(1)}s] ${what} (${timings[what]} ms)`);
  };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'run'), { recursive: true });
  const conf = join(dir, 'etc', 'smb.conf');
  const sam = join(dir, 'private', 'sam.ldb');
  await run(
    'samba-tool',
    [
      'domain',
      'provision',
      `--targetdir=${dir}`,
      `--realm=${REALM}`,
      '--domain=CORP',
      '--server-role=dc',
      '--dns-backend=NONE',
      `--adminpass=${ADMIN_PASSWORD}`,
      '--host-name=dc01',
      '--domain-sid=S-1-5-21-1111111111-2222222222-3333333333',
      '--backend-store=mdb',
      `--option=interfaces=${ip}/8`,
      '--option=bind interfaces only=yes',
      '--option=server services=ldap',
      `--option=pid directory=${dir}/run`,
      `--option=ncalrpc dir=${dir}/run/ncalrpc`,
      `--option=winbindd socket directory=${dir}/run/winbindd`,
      `--option=ntp signd socket directory=${dir}/run/ntp_signd`,
      `--option=log file=${dir}/log.%m`,
      '--option=acl_xattr:security_acl_name=user.NTACL',
      '--option=dsdb:schema update allowed=true',
      '-q',
    ],
    180_000,
    undefined,
    opts.signal,
  );
  lap('provisioned');
  await makeCert(dir, ip, opts.signal);
  const tls = join(dir, 'private', 'tls');
  const confText = readFileSync(conf, 'utf8').replace(
    /^\[global\]$/m,
    `[global]\n\ttls keyfile = ${tls}/key.pem\n\ttls certfile = ${tls}/cert.pem\n\ttls cafile = ${tls}/ca.pem`,
  );
  writeFileSync(conf, confText);
  lap('TLS certificate issued');

  const ldb = (tool: 'ldbadd' | 'ldbmodify', file: string, extra: string[] = [], timeoutMs = 120_000) =>
    run(tool, [`--configfile=${conf}`, '-H', sam, ...extra, file], timeoutMs, undefined, opts.signal);
  const search = (base: string, filter: string, attrs: string[], scope = 'sub') =>
    run(
      'ldbsearch',
      [`--configfile=${conf}`, '-H', sam, '-s', scope, '-b', base, filter, ...attrs],
      120_000,
      undefined,
      opts.signal,
    );

  // what exists already: schema names (for the extension) and object DNs (to skip)
  const schemaOut = await search(
    SCHEMA_DN,
    '(|(objectClass=attributeSchema)(objectClass=classSchema))',
    ['lDAPDisplayName'],
    'one',
  );
  const existing = new Set<string>();
  const classDns = new Map<string, string>();
  let dn = '';
  for (const line of schemaOut.split('\n')) {
    if (line.startsWith('dn: ')) dn = line.slice(4);
    const m = line.match(/^lDAPDisplayName: (.+)$/);
    if (m) {
      existing.add(m[1]!.toLowerCase());
      classDns.set(m[1]!.toLowerCase(), dn);
    }
  }
  const dnsOut = await search(DOMAIN_DN, '(objectClass=*)', ['1.1']);
  const cfgOut = await search(CONFIG_DN, '(objectClass=*)', ['1.1'], 'one');
  const present = new Set(
    `${dnsOut}\n${cfgOut}`
      .split('\n')
      .filter((l) => l.startsWith('dn: '))
      .map((l) => l.slice(4).toLowerCase()),
  );
  for (const n of ['CN=Services', 'CN=Sites', `CN=Default-First-Site-Name,CN=Sites`])
    present.add(`${n},${CONFIG_DN}`.toLowerCase());
  present.add(SCHEMA_DN.toLowerCase());
  present.add(CONFIG_DN.toLowerCase());
  present.add(`cn=ms-exch-schema-version-pt,${SCHEMA_DN}`.toLowerCase());

  const scenario = parseLdif(opts.scenarioLdif).filter(
    (e) => e.dn !== '' && !present.has(e.dn.toLowerCase()),
  );
  const staffOus: LdifEntry[] = [
    { dn: `OU=Staff,OU=Contoso,${DOMAIN_DN}`, attributes: [['objectClass', ['top', 'organizationalUnit']]] },
    ...Array.from({ length: 10 }, (_, k) => ({
      dn: `OU=Dept${k},OU=Staff,OU=Contoso,${DOMAIN_DN}`,
      attributes: [['objectClass', ['top', 'organizationalUnit']]] as [string, LdifValue[]][],
    })),
  ];
  const sample = [...scenario, ...generatedUsers(0, 4)];
  const schema = schemaFor(sample, existing, classDns);
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'attrs.ldif'), schema.attrLdif);
  await ldb('ldbadd', join(tmp, 'attrs.ldif'));
  // one class per run: a run loads the schema once (see the recipe's pitfalls)
  for (const [i, c] of schema.classLdifs.entries()) {
    writeFileSync(join(tmp, `class-${i}.ldif`), c);
    await ldb('ldbadd', join(tmp, `class-${i}.ldif`));
  }
  for (const [i, m] of schema.modifies.entries()) {
    writeFileSync(join(tmp, `mod-${i}.ldif`), m);
    await ldb('ldbmodify', join(tmp, `mod-${i}.ldif`));
  }
  lap(
    `schema extended (${schema.classLdifs.length} classes, ${schema.attrLdif.split('attributeSchema').length - 1} attributes)`,
  );

  // scenario objects: configuration first, then the domain (users before groups, as in the file)
  const ordered = [
    ...scenario.filter((e) => /cn=configuration,/i.test(e.dn)),
    ...scenario.filter((e) => !/cn=configuration,/i.test(e.dn)),
  ];
  const groups = ordered.filter((e) =>
    e.attributes.some(([n, v]) => n.toLowerCase() === 'objectclass' && v.map(String).includes('group')),
  );
  const nonGroups = ordered.filter((e) => !groups.includes(e));
  writeFileSync(join(tmp, 'scenario.ldif'), [...nonGroups, ...staffOus].map(entryText).join(''));
  await ldb('ldbadd', join(tmp, 'scenario.ldif'), ['--relax']);
  lap(`scenario objects added (${ordered.length})`);

  const chunk = 200;
  for (let s = 0; s < opts.users; s += chunk) {
    const file = join(tmp, 'users.ldif');
    writeFileSync(
      file,
      generatedUsers(s, Math.min(chunk, opts.users - s))
        .map(entryText)
        .join(''),
    );
    await ldb('ldbadd', file, ['--relax', '--nosync'], 300_000);
  }
  lap(`${opts.users} users added`);
  const big: LdifEntry = {
    dn: `CN=Big Group,OU=Groups,OU=Contoso,${DOMAIN_DN}`,
    attributes: [
      ['objectClass', ['top', 'group']],
      ['sAMAccountName', ['Big Group']],
      [
        'member',
        Array.from({ length: Math.min(opts.bigGroupMembers, opts.users) }, (_, i) => generatedUserDn(i)),
      ],
    ],
  };
  writeFileSync(join(tmp, 'groups.ldif'), [...groups, big].map(entryText).join(''));
  await ldb('ldbadd', join(tmp, 'groups.ldif'), ['--relax'], 300_000);
  lap(`groups added (Big Group: ${big.attributes[2]![1].length} members)`);
  rmSync(tmp, { recursive: true, force: true });

  const child: ChildProcess = spawn(findTool('samba'), ['-i', '-M', 'single', '-s', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // never leave a DC behind if the test process dies before afterAll
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const caFile = join(tls, 'ca.pem');
  const ca = readFileSync(caFile);
  const deadline = Date.now() + 60_000;
  while (true) {
    if (child.exitCode !== null)
      throw new Error(
        `samba exited with ${child.exitCode}: ${output.trim().split('\n').slice(-2).join(' / ')}`,
      );
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: ip, port: 636, ca, timeout: 2000 }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
      s.on('timeout', () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) break;
    if (opts.signal?.aborted) {
      await stop();
      throw new Error(`samba start aborted (${String(opts.signal.reason ?? 'abort')})`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `samba did not answer LDAPS on ${ip}:636 within 60 s: ${output.trim().split('\n').slice(-2).join(' / ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  lap(`samba pid ${child.pid} serving ldaps://${ip}`);
  return { dir, ip, caFile, url: `ldaps://${ip}`, pid: child.pid ?? 0, timings, stop };
}

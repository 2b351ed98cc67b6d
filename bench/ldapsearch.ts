/**
 * The LDAP floor as an administrator would measure it: OpenLDAP's `ldapsearch` (ldap-utils) doing
 * one paged search of the users with the collector's filter and attributes over the same LDAPS
 * server, its output counted as it streams (entries, pages, result codes) and thrown away.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

interface LdapsearchOptions {
  url: string;
  bindDn: string;
  password: string;
  base: string;
  filter: string;
  attributes: readonly string[];
  pageSize: number;
}

/**
 * The command line: simple bind, subtree search, paged (`-E pr=N/noprompt`), unwrapped LDIF. A
 * `localhost` URL is given as 127.0.0.1 (the simulators listen there): libldap checks the
 * certificate against the name a reverse lookup of the address gives, which need not be localhost.
 */
export function ldapsearchArgs(o: LdapsearchOptions): string[] {
  return [
    '-H',
    o.url.replace(/^(ldaps?:\/\/)localhost(?=[:/]|$)/i, '$1127.0.0.1'),
    '-x',
    '-D',
    o.bindDn,
    '-w',
    o.password,
    '-b',
    o.base,
    '-s',
    'sub',
    '-o',
    'ldif-wrap=no',
    '-E',
    `pr=${o.pageSize}/noprompt`,
    o.filter,
    ...o.attributes,
  ];
}

const DN = Buffer.from('dn:');
const SEARCH_RESULT = Buffer.from('# search result');
const RESULT = Buffer.from('result: ');
const NUM_ENTRIES = Buffer.from('# numEntries: ');

/** Counts what ldapsearch prints, chunk by chunk (a line may span chunks). */
export class LdapsearchCount {
  entries = 0;
  /** One `# search result` per page of a paged search. */
  pages = 0;
  /** Result lines other than `result: 0 Success`. */
  errors: string[] = [];
  /** `# numEntries:` of the summary, when printed. */
  reportedEntries: number | undefined;
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(10, start); nl >= 0; nl = data.indexOf(10, start)) {
      this.line(data, start, nl);
      start = nl + 1;
    }
    this.rest = Buffer.from(data.subarray(start));
  }

  end(): this {
    if (this.rest.length) this.line(this.rest, 0, this.rest.length);
    this.rest = Buffer.alloc(0);
    return this;
  }

  private line(data: Buffer, start: number, end: number): void {
    const at = (prefix: Buffer) =>
      end - start >= prefix.length &&
      data.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
    const first = data[start];
    if (first === 0x64 /* d */) {
      if (at(DN)) this.entries++;
    } else if (first === 0x23 /* # */) {
      if (at(SEARCH_RESULT) && end - start === SEARCH_RESULT.length) this.pages++;
      else if (at(NUM_ENTRIES))
        this.reportedEntries = Number(data.toString('latin1', start + NUM_ENTRIES.length, end).trim());
    } else if (first === 0x72 /* r */ && at(RESULT)) {
      const text = data.toString('utf8', start + RESULT.length, end).trim();
      if (!/^0(\s|$)/.test(text)) this.errors.push(text);
    }
  }
}

/** The ldapsearch on PATH, or undefined. */
export function findLdapsearch(dirs = (process.env.PATH ?? '').split(':')): string | undefined {
  for (const d of dirs) {
    if (!d) continue;
    try {
      accessSync(join(d, 'ldapsearch'), constants.X_OK);
      return join(d, 'ldapsearch');
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface LdapsearchReport {
  wallMs: number;
  /** From /usr/bin/time when it is installed. */
  cpuMs?: number;
  rssPeakMb?: number;
  users: number;
  requests: number;
  requestsByEndpoint: Record<string, number>;
}

const TIME = '/usr/bin/time';

/** One ldapsearch run against `o.url` trusting `caFile`; rejects with a one-line reason. */
export function runLdapsearch(
  ldapsearch: string,
  o: LdapsearchOptions,
  caFile: string,
  timeoutMs: number,
): Promise<LdapsearchReport> {
  let timed = false;
  try {
    accessSync(TIME, constants.X_OK);
    timed = true;
  } catch {
    // wall time only
  }
  const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-ldapsearch-'));
  const timeFile = join(dir, 'time');
  const args = ldapsearchArgs(o);
  const [cmd, argv] = timed
    ? [TIME, ['-f', '%U %S %M', '-o', timeFile, ldapsearch, ...args]]
    : [ldapsearch, args];
  return new Promise<LdapsearchReport>((resolve, reject) => {
    const count = new LdapsearchCount();
    let stderr = '';
    const started = performance.now();
    const child = spawn(cmd, argv, {
      env: { ...process.env, LDAPTLS_CACERT: caFile, LDAPTLS_REQCERT: 'demand' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: a timeout kills ldapsearch, not only /usr/bin/time
      detached: true,
    });
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    const timer = setTimeout(kill, timeoutMs);
    process.once('exit', kill);
    child.stdout.on('data', (c: Buffer) => count.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-2000);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      process.removeListener('exit', kill);
      rmSync(dir, { recursive: true, force: true });
      reject(err);
    });
    child.on('close', (code, signal) => {
      const wallMs = Math.round(performance.now() - started);
      clearTimeout(timer);
      process.removeListener('exit', kill);
      count.end();
      let cpuMs: number | undefined;
      let rssPeakMb: number | undefined;
      if (timed) {
        const [user, sys, rss] = readFileSync(timeFile, 'utf8')
          .trim()
          .split('\n')
          .at(-1)!
          .split(' ')
          .map(Number);
        if (user !== undefined && sys !== undefined && rss !== undefined && !Number.isNaN(rss)) {
          cpuMs = Math.round((user + sys) * 1000);
          rssPeakMb = Math.round(rss / 1024);
        }
      }
      rmSync(dir, { recursive: true, force: true });
      const why =
        signal === 'SIGKILL'
          ? `timed out after ${timeoutMs} ms`
          : code !== 0
            ? `exit ${code}: ${stderr.trim().split('\n').slice(-2).join(' / ')}`
            : count.errors.length
              ? `result ${count.errors[0]}`
              : undefined;
      if (why) reject(new Error(`ldapsearch ${o.url}: ${why}`));
      else
        resolve({
          wallMs,
          ...(cpuMs !== undefined ? { cpuMs, rssPeakMb } : {}),
          users: count.entries,
          requests: count.pages + 1,
          requestsByEndpoint: { bind: 1, 'search page': count.pages },
        });
    });
  });
}

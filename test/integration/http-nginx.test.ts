import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import exoRedirect from '../../checks/http/autodv2-exo-onprem-redirect.ts';
import autodv2OnPrem from '../../checks/http/autodv2-onprem-user.ts';
import ewsEndpoint from '../../checks/http/ews-endpoint.ts';
import buildFingerprint from '../../checks/http/exchange-build-fingerprint.ts';
import tlsCertificate from '../../checks/http/tls-certificate.ts';
import { parseConfig } from '../../src/config/load.ts';
import { PKI_DIR } from '../../src/simulator/scenario.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';
import { collectAll } from '../../src/sources/collect.ts';
import httpCollector from '../../src/sources/http/collector.ts';
import { tlsHandshake } from '../../src/sources/http/handshake.ts';
import { probeHttps } from '../../src/sources/http/probe.ts';
import { loadTlsTrust } from '../../src/util/tls.ts';
import { runCheck } from '../helpers/check.ts';

/**
 * The HTTPS prober against a real server: Debian's nginx (OpenSSL TLS stack) playing the
 * Exchange front end, plus nginx's mail module for SMTP STARTTLS.
 */
const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
const MAIL_MODULE = '/usr/lib/nginx/modules/ngx_mail_module.so';
const REQUIRED = process.env.HYBRIDSCAN_REQUIRE_INTEGRATION === '1';
const missing = !NGINX ? 'nginx is not installed (apt-get install nginx libnginx-mod-mail)' : undefined;
if (missing && REQUIRED) throw new Error(`HYBRIDSCAN_REQUIRE_INTEGRATION=1 but ${missing}`);
if (missing) console.warn(`skipping the nginx integration tests: ${missing}`);

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForPort(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const pki = (name: string) => join(PKI_DIR, name);

function nginxConfig(
  dir: string,
  ports: { https: number; expired: number; smtp: number },
  mail: boolean,
): string {
  const ssl = (cert: string) =>
    `ssl_certificate ${pki(`${cert}.pem`)}; ssl_certificate_key ${pki(`${cert}.key`)};`;
  const exchange = `add_header X-FEServer EX01 always; add_header request-id 5b7e0c1a-0000-4000-8000-000000000001 always;`;
  return `
${mail ? `load_module ${MAIL_MODULE};` : ''}
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${ports.https} ssl; server_name mail.contoso.com autodiscover.contoso.com; ${ssl('server')}
    location = /autodiscover/autodiscover.json/v1.0/alice@contoso.com {
      ${exchange} default_type application/json;
      return 200 '{"Protocol":"EWS","Url":"https://mail.contoso.com/EWS/Exchange.asmx"}';
    }
    location = /autodiscover/autodiscover.xml {
      ${exchange} add_header WWW-Authenticate Negotiate always; add_header WWW-Authenticate NTLM always; return 401;
    }
    location /EWS/ {
      ${exchange} add_header WWW-Authenticate Negotiate always; add_header WWW-Authenticate NTLM always;
      add_header WWW-Authenticate 'Basic realm="mail.contoso.com"' always; return 401;
    }
    location = /owa/ { ${exchange} add_header X-OWA-Version 15.2.1748.10 always; return 302 https://mail.contoso.com/owa/auth/logon.aspx; }
    location = /owa/auth/logon.aspx { ${exchange} add_header X-OWA-Version 15.2.1748.10 always; default_type text/html; return 200 '<link href="/owa/auth/15.2.1748/themes/x.css">'; }
    absolute_redirect off;
    location = /loop { return 302 /loop2; }
    location = /loop2 { return 302 /loop; }
    location = /to-http { return 301 http://mail.contoso.com/; }
    location / { return 404; }
  }
  server {
    listen 127.0.0.1:${ports.https} ssl; server_name outlook.office365.com; ${ssl('server')}
    location = /autodiscover/autodiscover.json/v1.0/alice@contoso.com {
      return 302 https://autodiscover.contoso.com/autodiscover/autodiscover.json/v1.0/alice%40contoso.com?Protocol=EWS&RedirectCount=1;
    }
    location / { return 404; }
  }
  server { listen 127.0.0.1:${ports.expired} ssl; server_name _; ${ssl('expired')} location / { return 204; } }
}
${
  mail
    ? `mail {
  server_name mail.contoso.com;
  auth_http 127.0.0.1:9/auth;
  server { listen 127.0.0.1:${ports.smtp}; protocol smtp; smtp_auth none; starttls on; ${ssl('server')} }
}`
    : ''
}`;
}

describe.skipIf(!!missing)('HTTPS probes against nginx (real server)', () => {
  let dir = '';
  let child: ChildProcess | undefined;
  const ports = { https: 0, expired: 0, smtp: 0 };
  let mail = false;
  const trust = { ca: [readFileSync(TEST_CA_FILE, 'utf8')], extra: [readFileSync(TEST_CA_FILE, 'utf8')] };
  const connectTo = () => [
    `mail.contoso.com:443:127.0.0.1:${ports.https}`,
    `autodiscover.contoso.com:443:127.0.0.1:${ports.https}`,
    `outlook.office365.com:443:127.0.0.1:${ports.https}`,
    `mail.contoso.com:25:127.0.0.1:${ports.smtp}`,
    `expired.contoso.com:443:127.0.0.1:${ports.expired}`,
  ];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hybridscan-nginx-'));
    ports.https = await freePort();
    ports.expired = await freePort();
    ports.smtp = await freePort();
    mail = existsSync(MAIL_MODULE);
    if (!mail && REQUIRED)
      throw new Error(`nginx mail module missing (${MAIL_MODULE}): apt-get install libnginx-mod-mail`);
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, ports, mail));
    const test = spawnSync(NGINX!, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (test.status !== 0)
      throw new Error(`nginx -t failed: ${(test.stderr || test.stdout).trim().split('\n').pop()}`);
    child = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const up = await waitForPort(ports.https, Date.now() + 10_000);
    if (!up)
      throw new Error(`nginx did not start within 10 s: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
  }, 20_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a 401 with each WWW-Authenticate line and the Exchange headers', async () => {
    const p = await probeHttps('https://mail.contoso.com/EWS/Exchange.asmx', {
      tls: trust,
      connectTo: connectTo(),
      timeoutMs: 5000,
      keepCertificate: true,
    });
    expect(p.status).toBe(401);
    expect(p.headers['www-authenticate']).toEqual(['Negotiate', 'NTLM', 'Basic realm="mail.contoso.com"']);
    expect(p.headers['x-feserver']).toEqual(['EX01']);
    expect(p.headers.server?.[0]).toMatch(/^nginx/);
    expect(p.certificate?.sans).toContain('mail.contoso.com');
  });

  it('detects a redirect loop and refuses to follow to http:', async () => {
    const loop = await probeHttps('https://mail.contoso.com/loop', {
      tls: trust,
      connectTo: connectTo(),
      timeoutMs: 5000,
      maxRedirects: 5,
    });
    expect(loop.fault?.code).toBe('EREDIRECTLOOP');
    const plain = await probeHttps('https://mail.contoso.com/to-http', {
      tls: trust,
      connectTo: connectTo(),
      timeoutMs: 5000,
      maxRedirects: 3,
    });
    expect(plain.fault?.code).toBe('EINSECURE');
  });

  it('rejects an expired certificate served by OpenSSL', async () => {
    const p = await probeHttps('https://expired.contoso.com/', {
      tls: trust,
      connectTo: connectTo(),
      timeoutMs: 5000,
    });
    expect(p.fault).toMatchObject({ kind: 'tls', code: 'CERT_HAS_EXPIRED' });
  });

  it('reads the SMTP certificate after nginx offers STARTTLS', async () => {
    if (!mail) return;
    const s = await tlsHandshake('mail.contoso.com', 25, 'smtp', ['smtp'], {
      tls: trust,
      connectTo: connectTo(),
      timeoutMs: 5000,
    });
    expect(s.fault).toBeUndefined();
    expect(s.certificate?.issuer).toBe('CN=hybridscan test CA');
  });

  it('runs the whole collector and the checks against it', async () => {
    const { config } = parseConfig(
      {
        tenant: 'contoso.onmicrosoft.com',
        domains: ['contoso.com'],
        probes: {
          onPremisesMailbox: 'alice@contoso.com',
          smtp: mail,
          smtpHost: 'mail.contoso.com',
          timeoutMs: 5000,
        },
        endpoints: { caFile: TEST_CA_FILE, connectTo: connectTo() },
      },
      'nginx integration',
      dir,
    );
    const collected = await collectAll({
      config,
      collectors: [httpCollector],
      tls: loadTlsTrust(config),
      signal: AbortSignal.timeout(30_000),
    });
    const artifacts = Object.fromEntries(
      Object.entries(collected.artifacts).flatMap(([k, v]) => (v.status === 'ok' ? [[k, v.data]] : [])),
    );
    expect(collected.sources.http?.status).toBe('ok');
    expect(runCheck(autodv2OnPrem, { artifacts }).status).toBe('pass');
    expect(runCheck(exoRedirect, { artifacts }).status).toBe('pass');
    expect(runCheck(ewsEndpoint, { artifacts }).status).toBe('pass');
    expect(runCheck(tlsCertificate, { artifacts }).status).toBe('pass');
    const build = runCheck(buildFingerprint, { artifacts });
    expect(build.status).toBe('fail');
    expect(build.findings.map((f) => f.message).join('\n')).toMatch(/15\.2\.1748\.10/);
    // 2019 CU15 RTM: out of support since 2025-10-14 and below the April 2025 HU (CSS-Exchange build table)
    expect(build.findings.map((f) => f.message).join('\n')).toMatch(/support|behind|below/i);
  });
});

import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/gateway-reachable.ts';
import type { TlsProbe } from '../../../src/evidence/http.ts';
import { runCheck } from '../../helpers/check.ts';
import { dnsGateway, SETTINGS } from './fixtures.ts';

const probe = (extra: Partial<TlsProbe> = {}): TlsProbe => ({
  host: 'msgw.example.net',
  port: 25,
  protocol: 'smtp',
  role: ['journal gateway'],
  durationMs: 12,
  ...extra,
});

describe('journal.gateway-reachable', () => {
  it('passes from DNS only and says so when no SMTP probe ran', () => {
    const r = runCheck(check, {
      artifacts: { 'dns.gateway': dnsGateway() },
      settings: SETTINGS,
      notConfigured: ['gateway'],
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/judged from DNS only/);
  });

  it('passes when STARTTLS and a verified handshake succeeded', () => {
    const r = runCheck(check, {
      artifacts: {
        'dns.gateway': dnsGateway(),
        'gateway.smtp': { domain: 'gateway.example.net', probes: [probe()] },
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/offers STARTTLS/);
  });

  it('fails without MX and when the MX host has no address', () => {
    expect(runCheck(check, { artifacts: { 'dns.gateway': dnsGateway({ mx: [] }) } }).status).toBe('fail');
    const r = runCheck(check, { artifacts: { 'dns.gateway': dnsGateway({ a: [] }) } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/no A\/AAAA/);
  });

  it('warns when the Gateway does not offer STARTTLS', () => {
    const fault = {
      kind: 'protocol' as const,
      code: 'ESMTP',
      message: 'request to msgw.example.net:25 failed: the SMTP server does not offer STARTTLS',
    };
    const r = runCheck(check, {
      artifacts: {
        'dns.gateway': dnsGateway(),
        'gateway.smtp': { domain: 'gateway.example.net', probes: [probe({ fault })] },
      },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/does not offer STARTTLS/);
  });

  it('warns (not fails) when port 25 is unreachable from the scanner', () => {
    const fault = {
      kind: 'refused' as const,
      code: 'ECONNREFUSED',
      message: 'msgw.example.net:25 refused the connection',
    };
    const r = runCheck(check, {
      artifacts: {
        'dns.gateway': dnsGateway(),
        'gateway.smtp': { domain: 'gateway.example.net', probes: [probe({ fault })] },
      },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/could not be reached/);
  });

  it('error when the MX lookup timed out', () => {
    const r = runCheck(check, { artifacts: { 'dns.gateway': dnsGateway({ mx: [], mxState: 'timeout' }) } });
    expect(r.status).toBe('error');
  });
});

import type { CheckSettings } from '../../../src/engine/types.ts';
import type { DnsAnswer } from '../../../src/evidence/dns.ts';
import type { ExoJournalRule } from '../../../src/evidence/exo.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

export const GATEWAY = 'journal@gateway.example.net';
export const SETTINGS: Partial<CheckSettings> = {
  tenant: 'contoso.onmicrosoft.com',
  domains: ['contoso.com'],
  mailstore: { gatewayAddress: GATEWAY },
};
export const FILE = '/exports/journal-rules.json';

export function exoRules(...rules: ExoJournalRule[]) {
  return { file: FILE, rules };
}

export const GLOBAL_RULE: ExoJournalRule = {
  name: 'MailStore',
  enabled: true,
  scope: 'Global',
  journalEmailAddress: GATEWAY,
};

function answer(
  name: string,
  type: string,
  data: unknown[],
  state: DnsAnswer['state'] = 'noerror',
): DnsAnswer {
  return { name, type, state, records: data.map((d) => ({ name, type, ttl: 300, data: d })) };
}

/** dns.gateway as the DNS collector stores it for gateway.example.net → msgw.example.net. */
export function dnsGateway(opts: { mx?: unknown[]; mxState?: DnsAnswer['state']; a?: string[] } = {}) {
  const mx = opts.mx ?? [{ preference: 10, exchange: 'msgw.example.net' }];
  return {
    domain: 'gateway.example.net',
    answers: {
      'gateway.example.net/MX': answer(
        'gateway.example.net',
        'MX',
        mx,
        opts.mxState ?? (mx.length ? 'noerror' : 'nodata'),
      ),
      'msgw.example.net/A': answer(
        'msgw.example.net',
        'A',
        opts.a ?? ['203.0.113.25'],
        (opts.a ?? ['x']).length ? 'noerror' : 'nodata',
      ),
      'msgw.example.net/AAAA': answer('msgw.example.net', 'AAAA', [], 'nodata'),
    },
  };
}

export { ldapArtifacts };

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import type { GraphUser } from '../../../src/evidence/graph.ts';
import type { ArtifactKey, ArtifactMap } from '../../../src/evidence/index.ts';
import type { AdUser } from '../../../src/evidence/ldap.ts';
import { buildTargets, pickAd, pickGraph } from '../../../src/sources/http/targets.ts';

const config = (raw: Record<string, unknown>) => parseConfig(raw, 'test', '/tmp').config;
const getter =
  (artifacts: Partial<ArtifactMap>) =>
  <K extends ArtifactKey>(key: K) =>
    artifacts[key] as ArtifactMap[K] | undefined;

const ad = (mail: string, details: string, extra: Partial<AdUser> = {}): AdUser => ({
  dn: `CN=${mail},OU=Users,DC=corp,DC=contoso,DC=com`,
  mail,
  proxyAddresses: [`SMTP:${mail}`],
  objectGuid: 'AAAAAAAAAAAAAAAAAAAAAA==',
  msExchRecipientTypeDetails: details,
  ...extra,
});

const LDAP_USERS: AdUser[] = [
  ad('HealthMailbox0a1b@contoso.com', '1'),
  ad('dave@contoso.com', '1'),
  ad('alice@contoso.com', '1'),
  ad('zed@contoso.com', '1', { userAccountControl: 514 }),
  ad('carol@contoso.com', '2147483648', { msExchRemoteRecipientType: '1' }),
  ad('bob@contoso.com', '2147483648', { msExchRemoteRecipientType: '4' }),
  ad('gone@contoso.com', '2147483648', { msExchRemoteRecipientType: '12' }),
];

describe('sample users', () => {
  it('picks the first enabled UserMailbox and prefers a migrated RemoteUserMailbox from AD', () => {
    expect(pickAd(LDAP_USERS, 'onPremises')?.address).toBe('alice@contoso.com');
    expect(pickAd(LDAP_USERS, 'cloud')?.address).toBe('bob@contoso.com');
  });

  it('skips system mailboxes, disabled users and deprovisioned remote mailboxes', () => {
    const users = [LDAP_USERS[0]!, LDAP_USERS[3]!, LDAP_USERS[6]!];
    expect(pickAd(users, 'onPremises')).toBeUndefined();
    expect(pickAd(users, 'cloud')).toBeUndefined();
  });

  it('falls back to Graph: an Exchange Online plan means cloud, a synced user without one on-prem', () => {
    const g = (upn: string, exo: boolean, synced: boolean): GraphUser => ({
      id: upn,
      userPrincipalName: upn,
      mail: upn,
      proxyAddresses: [],
      onPremisesSyncEnabled: synced,
      assignedPlans: exo ? [{ service: 'exchange', capabilityStatus: 'Enabled' }] : [],
    });
    const users = [
      g('carol@contoso.com', true, true),
      g('alice@contoso.com', false, true),
      g('x@contoso.onmicrosoft.com', true, false),
    ];
    expect(pickGraph(users, 'cloud')?.address).toBe('carol@contoso.com');
    expect(pickGraph(users, 'onPremises')?.address).toBe('alice@contoso.com');
  });

  it('prefers the configured users and explains a missing one', () => {
    const t = buildTargets(
      config({ domains: ['contoso.com'], probes: { cloudMailbox: 'carol@contoso.com' } }),
      getter({}),
    );
    expect(t.users.cloud).toMatchObject({ address: 'carol@contoso.com', pickedFrom: 'config' });
    expect(t.users.onPremises).toBeUndefined();
    expect(t.notes.join(' ')).toMatch(/probes\.onPremisesMailbox/);
  });
});

describe('targets', () => {
  it('works from config domains alone', () => {
    const t = buildTargets(config({ domains: ['Contoso.com'] }), getter({}));
    expect(t.domains).toEqual([{ name: 'contoso.com', from: ['config.domains'] }]);
    expect(t.autodiscoverHosts.map((h) => h.host)).toEqual(['autodiscover.contoso.com']);
    expect(t.exoAutodiscover).toBe('https://outlook.office365.com');
  });

  it('merges DNS, Graph and LDAP domains, SRV targets and SCP hosts, deduplicated, without Microsoft domains', () => {
    const t = buildTargets(
      config({ domains: ['contoso.com'] }),
      getter({
        'dns.domains': {
          'contoso.com': {},
          'fabrikam.com': {
            '_autodiscover._tcp.fabrikam.com/SRV': {
              name: '_autodiscover._tcp.fabrikam.com',
              type: 'SRV',
              state: 'noerror',
              records: [
                {
                  name: '_autodiscover._tcp.fabrikam.com',
                  type: 'SRV',
                  ttl: 300,
                  data: { target: 'mail.contoso.com.', port: 443 },
                },
                {
                  name: '_autodiscover._tcp.fabrikam.com',
                  type: 'SRV',
                  ttl: 300,
                  data: { target: 'ad.fabrikam.com', port: 8443 },
                },
              ],
            },
          },
        },
        'graph.domains': [
          { id: 'contoso.com', isVerified: true, supportedServices: ['Email'] },
          { id: 'contoso.onmicrosoft.com', isVerified: true, supportedServices: ['Email'] },
          { id: 'unverified.com', isVerified: false, supportedServices: ['Email'] },
          { id: 'web-only.com', isVerified: true, supportedServices: ['OfficeCommunicationsOnline'] },
        ],
        'ldap.acceptedDomains': [
          {
            dn: 'x',
            name: 'c',
            domain: 'contoso.mail.onmicrosoft.com',
            type: 'Authoritative',
            isDefault: false,
            flags: 0,
          },
          { dn: 'y', name: 't', domain: 'tailspin.com', type: 'Authoritative', isDefault: false, flags: 0 },
          { dn: 'z', name: 'r', domain: 'relay.com', type: 'InternalRelay', isDefault: false, flags: 2 },
        ],
        'ldap.autodiscoverScps': [
          {
            dn: 's1',
            server: 'EX01',
            urls: ['https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml'],
          },
          { dn: 's2', server: 'EX02', urls: ['http://ex02.corp.contoso.com/Autodiscover/Autodiscover.xml'] },
        ],
      }),
    );
    expect(t.domains.map((d) => d.name).sort()).toEqual(['contoso.com', 'fabrikam.com', 'tailspin.com']);
    expect(t.domains.find((d) => d.name === 'contoso.com')?.from).toEqual([
      'config.domains',
      'dns.domains',
      'graph.domains',
    ]);
    const hosts = Object.fromEntries(t.autodiscoverHosts.map((h) => [h.host, h.from]));
    expect(hosts).toEqual({
      'autodiscover.contoso.com': ['autodiscover', 'ldap.scp'],
      'autodiscover.fabrikam.com': ['autodiscover'],
      'mail.contoso.com': ['dns.srv'],
      'ad.fabrikam.com:8443': ['dns.srv'],
      'autodiscover.tailspin.com': ['autodiscover'],
    });
    expect(t.notes.join(' ')).toMatch(/non-HTTPS URL http:\/\/ex02/);
  });

  it('skips autodiscover.<domain> that does not exist when an SRV record routes Autodiscover', () => {
    const answer = (name: string, type: string, state: 'nxdomain' | 'noerror', data?: unknown) => ({
      name,
      type,
      state,
      records: data ? [{ name, type, ttl: 300, data }] : [],
    });
    const t = buildTargets(
      config({ domains: ['fabrikam.com', 'tailspin.com'] }),
      getter({
        'dns.domains': {
          'fabrikam.com': {
            'autodiscover.fabrikam.com/CNAME': answer('autodiscover.fabrikam.com', 'CNAME', 'nxdomain'),
            '_autodiscover._tcp.fabrikam.com/SRV': answer(
              '_autodiscover._tcp.fabrikam.com',
              'SRV',
              'noerror',
              {
                target: 'mail.contoso.com',
                port: 443,
              },
            ),
          },
          'tailspin.com': {
            'autodiscover.tailspin.com/CNAME': answer('autodiscover.tailspin.com', 'CNAME', 'nxdomain'),
          },
        },
      }),
    );
    expect(t.autodiscoverHosts.map((h) => h.host)).toEqual(['mail.contoso.com', 'autodiscover.tailspin.com']);
    expect(t.notes.join(' ')).toMatch(/autodiscover\.fabrikam\.com does not exist/);
  });
});

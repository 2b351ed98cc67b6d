import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

const PAGED_RESULTS = '1.2.840.113556.1.4.319';

export default defineCheck({
  id: 'ad.rootdse',
  area: 'ad',
  severity: 'fail',
  targetKind: 'server',
  title: 'Active Directory reachable and naming contexts readable',
  failureTitle: 'Active Directory naming contexts could not be read',
  description:
    'Every on-premises check reads the domain and configuration partitions named in the rootDSE. Without them no Exchange configuration or recipient can be verified.',
  remediation:
    'Point ldap.url at a domain controller of the forest that holds Exchange (ldaps://dc.example.com), or set ldap.baseDn and ldap.configurationDn.',
  docs: ['https://learn.microsoft.com/windows/win32/adschema/rootdse'],
  requires: ['ldap.rootDse'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const root = artifacts['ldap.rootDse'];
    const target = root.dnsHostName ?? 'rootDSE';
    const evidence = {
      dnsHostName: root.dnsHostName,
      defaultNamingContext: root.defaultNamingContext,
      configurationNamingContext: root.configurationNamingContext,
      schemaNamingContext: root.schemaNamingContext,
      domainControllerFunctionality: root.domainControllerFunctionality,
      forestFunctionality: root.forestFunctionality,
      supportedLDAPVersion: root.supportedLDAPVersion,
      transport: root.transport,
      vendorName: root.vendorName,
    };
    const missing = ['defaultNamingContext', 'configurationNamingContext'].filter(
      (k) => !root[k as 'defaultNamingContext'],
    );
    if (missing.length)
      return [{ target, status: 'fail', message: `rootDSE lacks ${missing.join(' and ')}`, evidence }];
    const findings: Finding[] = [];
    if (root.transport === 'ldap' && root.bound)
      findings.push({
        target,
        status: 'warn',
        message:
          'Read over plain LDAP with a simple bind (ldap.allowInsecure): the password crossed the network unencrypted',
        evidence,
      });
    if (root.supportedControl.length > 0 && !root.supportedControl.includes(PAGED_RESULTS))
      findings.push({
        target,
        status: 'warn',
        message:
          'The DC does not advertise the paged-results control; large directories may be read incompletely',
        evidence,
      });
    if (findings.length) return findings;
    return [
      {
        target,
        status: 'pass',
        message: `Naming contexts read over ${root.transport.toUpperCase()}: ${root.defaultNamingContext}`,
        evidence,
      },
    ];
  },
});

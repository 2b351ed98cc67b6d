import type {
  ExoAcceptedDomain,
  ExoInboundConnector,
  ExoIntraOrgConnector,
  ExoList,
  ExoOrgRelationship,
  ExoOutboundConnector,
} from '../../../src/evidence/exo.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

export { ldapArtifacts };

export const SETTINGS = { tenant: 'contoso.onmicrosoft.com', domains: ['contoso.com'] };

export function live<T>(cmdlet: string, items: T[]): ExoList<T> {
  return { origin: { via: 'admin-api', cmdlet }, items };
}

export function supplied<T>(file: string, items: T[]): ExoList<T> {
  return { origin: { via: 'export', file: `/exports/${file}` }, items };
}

/** What the HCW creates in Exchange Online for contoso-ready (Get-InboundConnector). */
export const HCW_INBOUND: ExoInboundConnector = {
  name: 'Inbound from 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  enabled: true,
  connectorType: 'OnPremises',
  connectorSource: 'HybridWizard',
  senderDomains: ['*'],
  senderIPAddresses: [],
  requireTls: true,
  restrictDomainsToCertificate: false,
  tlsSenderCertificateName: 'mail.contoso.com',
  cloudServicesMailEnabled: true,
};

/** Get-OutboundConnector of the HCW (to on-premises). */
export const HCW_OUTBOUND: ExoOutboundConnector = {
  name: 'Outbound to 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  enabled: true,
  connectorType: 'OnPremises',
  connectorSource: 'HybridWizard',
  recipientDomains: ['contoso.com'],
  smartHosts: ['mail.contoso.com'],
  useMxRecord: false,
  tlsSettings: 'DomainValidation',
  tlsDomain: 'mail.contoso.com',
  cloudServicesMailEnabled: true,
  isTransportRuleScoped: false,
  allAcceptedDomains: false,
};

/** Get-OrganizationRelationship in Exchange Online (to on-premises). */
export const HCW_ORGREL: ExoOrgRelationship = {
  name: 'O365 to On-premises - 0b1c2d3e',
  enabled: true,
  domainNames: ['contoso.com'],
  freeBusyAccessEnabled: true,
  freeBusyAccessLevel: 'LimitedDetails',
  targetApplicationUri: 'FYDIBOHF25SPDLT.contoso.com',
  targetAutodiscoverEpr: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc/WSSecurity',
  targetSharingEpr: 'https://mail.contoso.com/ews/exchange.asmx/wssecurity',
  mailboxMoveEnabled: true,
};

/** Get-IntraOrganizationConnector in Exchange Online (to on-premises). */
export const HCW_IOC: ExoIntraOrgConnector = {
  name: 'HybridIOC - 0b1c2d3e',
  enabled: true,
  targetAddressDomains: ['contoso.com'],
  discoveryEndpoint: 'https://autodiscover.contoso.com/autodiscover/autodiscover.svc',
};

export const EXO_DOMAINS: ExoAcceptedDomain[] = [
  { domainName: 'contoso.com', domainType: 'Authoritative', default: true },
  { domainName: 'contoso.mail.onmicrosoft.com', domainType: 'Authoritative' },
  { domainName: 'contoso.onmicrosoft.com', domainType: 'Authoritative' },
];

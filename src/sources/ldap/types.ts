/**
 * LDAP artifacts shared with other sources' checks. The LDAP source may add fields and
 * artifacts; keep these names and shapes stable (Graph, DNS and HTTP checks read them).
 * Binary attributes are stored as base64 of their raw bytes (the form Entra's
 * onPremisesImmutableId uses), so a snapshot stays plain JSON.
 */
export interface AdUser {
  dn: string;
  sAMAccountName?: string;
  userPrincipalName?: string;
  mail?: string;
  proxyAddresses: string[];
  /** base64 of objectGUID's 16 bytes. */
  objectGuid: string;
  /** base64 of mS-DS-ConsistencyGuid, when set. */
  consistencyGuid?: string;
  msExchRecipientTypeDetails?: string;
  msExchRemoteRecipientType?: string;
  targetAddress?: string;
  homeMDB?: string;
  /** base64 of msExchMailboxGuid. */
  mailboxGuid?: string;
  userAccountControl?: number;
}

export interface AcceptedDomain {
  dn: string;
  name: string;
  /** The domain name (msExchAcceptedDomainName). */
  domain: string;
  /** Authoritative | InternalRelay | ExternalRelay, decoded from msExchAcceptedDomainFlags. */
  type: string;
  isDefault: boolean;
  flags: number;
}

export interface AutodiscoverScp {
  dn: string;
  server: string;
  /** serviceBindingInformation: the Autodiscover URL(s). */
  urls: string[];
  site?: string;
  whenChanged?: string;
}

export interface ExchangeServer {
  dn: string;
  name: string;
  fqdn?: string;
  serialNumber?: string;
  roles: number;
  site?: string;
}

declare module '../../engine/artifacts.ts' {
  interface ArtifactMap {
    'ldap.users': AdUser[];
    'ldap.acceptedDomains': AcceptedDomain[];
    'ldap.autodiscoverScps': AutodiscoverScp[];
    'ldap.exchangeServers': ExchangeServer[];
  }
}

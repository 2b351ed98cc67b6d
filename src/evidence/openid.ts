/** The fields of the v2.0 OpenID configuration document that the checks read. */
export interface OpenIdDocument {
  issuer?: string;
  token_endpoint?: string;
  authorization_endpoint?: string;
  cloud_instance_name?: string;
  tenant_region_scope?: string;
  tenant_region_sub_scope?: string;
  msgraph_host?: string;
  cloud_graph_host_name?: string;
}

/**
 * Which login host answered. bleu (France) and delos (Germany) are Microsoft's partner-operated
 * sovereign clouds; their hosts are those MSAL knows (login.sovcloud-identity.fr / .de).
 */
export type CloudProbe = 'global' | 'usgov' | 'china' | 'bleu' | 'delos';

export interface OpenIdAnswer {
  cloud: CloudProbe;
  url: string;
  httpStatus?: number;
  document?: OpenIdDocument;
  /** `error`/`error_description` of a 4xx answer, with the AADSTS code when present. */
  error?: { code?: string; aadsts?: string; description?: string };
  /** A network or TLS fault: the answer is unknown, never "not found". */
  fault?: string;
}

/** One name (tenant domain or GUID) looked up in the global cloud, and nationally when not found there. */
export interface OpenIdLookup {
  name: string;
  /** The config's `tenant` (or, without one, the first domain): the lookup that decides the cloud. */
  primary: boolean;
  global: OpenIdAnswer;
  national: OpenIdAnswer[];
  /** The tenant GUID read from `issuer`, when the global lookup found one. */
  tenantId?: string;
}

/** getuserrealm.srf for `probe@<domain>` (unauthenticated, undocumented; community field names). */
export interface UserRealm {
  domain: string;
  url: string;
  httpStatus?: number;
  NameSpaceType?: string;
  CloudInstanceName?: string;
  DomainName?: string;
  FederationBrandName?: string;
  /** Federated only: the AD FS / third-party STS sign-in URL. */
  AuthURL?: string;
  federation_protocol?: string;
  /** A network or TLS fault: the answer is unknown. */
  fault?: string;
}

/** The artifacts the openid source writes, by key. */
export interface OpenidArtifacts {
  /** Lookups keyed by the name looked up. */
  'openid.tenants': Record<string, OpenIdLookup>;
  /** getuserrealm answers keyed by domain (each configured domain, and the tenant name). */
  'openid.userRealm': Record<string, UserRealm>;
}

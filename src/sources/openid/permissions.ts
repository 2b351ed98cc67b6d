import type { AccessTable } from '../access.ts';

/** Unauthenticated tenant discovery: network access only. */
export const OPENID_ACCESS: AccessTable<'openid.tenants' | 'openid.userRealm'> = {
  'openid.tenants': { network: ['HTTPS to login.microsoftonline.com (unauthenticated)'] },
  'openid.userRealm': { network: ['HTTPS to login.microsoftonline.com (unauthenticated getuserrealm.srf)'] },
};

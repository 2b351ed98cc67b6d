import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { OpenIdDocument } from '../../src/evidence/openid.ts';

const options = z.strictObject({
  /** GCC Moderate runs on commercial endpoints; whether the archive supports it is unconfirmed. */
  gccModerate: z.enum(['pass', 'warn', 'fail']).default('warn'),
  /** tenant_region_scope values that mean a non-global cloud (community knowledge, not documented). */
  nationalRegionScopes: z.array(z.string()).default(['USGov', 'USG', 'DE']),
  /** tenant_region_sub_scope values of US Government clouds: GCC High and DoD. */
  usGovSubScopes: z.array(z.string()).default(['DODCON', 'DOD']),
});

export default defineCheck({
  id: 'tenant.global-cloud',
  area: 'tenant',
  severity: 'fail',
  targetKind: 'tenant',
  title: 'Tenant is in the global Microsoft cloud',
  failureTitle: 'Tenant is in a national cloud, which the archive does not support',
  description:
    'MailStore archives Microsoft 365 only in the global (commercial) cloud. US Government (GCC High, DoD), 21Vianet (China), the sovereign clouds Bleu (France) and Delos (Germany), and the closed Microsoft Cloud Deutschland use other endpoints and are not supported.',
  remediation:
    'No configuration change can fix this: a national-cloud tenant needs a product that supports that cloud. For GCC Moderate, confirm support with the vendor before the trial.',
  docs: [
    'https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud',
    'https://learn.microsoft.com/graph/deployments',
  ],
  requires: ['openid.tenants'],
  confidence: 'community',
  options,
  run({ artifacts, options: opts }) {
    const lookup = Object.values(artifacts['openid.tenants']).find((l) => l.primary);
    if (!lookup) return [];
    const target = lookup.name;
    if (lookup.global.fault)
      return [{ target, status: 'error', message: `Lookup failed: ${lookup.global.fault}` }];

    const doc = lookup.global.document;
    if (!doc) {
      const national = lookup.national.find((n) => n.document);
      if (national?.document) return [judge(target, national.document, national.cloud, opts)];
      const faults = lookup.national.filter((n) => n.fault);
      // A sovereign tenant's own name says where it lives even when its login host did not answer.
      const bySuffix = SOVEREIGN_SUFFIX.find(([re]) => re.test(target))?.[1];
      if (bySuffix)
        return [
          {
            target,
            status: 'fail',
            message: `Tenant is in the ${SOVEREIGN[bySuffix]} sovereign cloud (by its name; the lookup did not answer)`,
            evidence: { national: lookup.national.map((n) => ({ cloud: n.cloud, fault: n.fault })) },
          },
        ];
      return [
        {
          target,
          status: 'error',
          message: `Cannot tell the cloud: the tenant was not found in the global cloud${faults.length ? ', and national lookups failed' : ' nor in a national cloud'} (see tenant.resolve-id)`,
          evidence: {
            global: lookup.global.httpStatus,
            national: lookup.national.map((n) => ({
              cloud: n.cloud,
              httpStatus: n.httpStatus,
              fault: n.fault,
            })),
          },
        },
      ];
    }
    return [judge(target, doc, 'global', opts)];
  },
});

/**
 * Partner-operated sovereign clouds, each with its own login host (MSAL's known authorities:
 * login.sovcloud-identity.fr for Bleu, login.sovcloud-identity.de for Delos) and tenant suffix.
 */
const SOVEREIGN: Record<string, string> = {
  bleu: 'Bleu (France)',
  delos: 'Delos (Germany)',
};
const SOVEREIGN_SUFFIX: [RegExp, string][] = [
  [/\.onsovcloud\.fr$/i, 'bleu'],
  [/\.onsovcloud\.de$/i, 'delos'],
];

function judge(
  target: string,
  doc: OpenIdDocument,
  foundIn: string,
  opts: z.output<typeof options>,
): Finding {
  const evidence = {
    foundIn,
    cloud_instance_name: doc.cloud_instance_name,
    tenant_region_scope: doc.tenant_region_scope,
    tenant_region_sub_scope: doc.tenant_region_sub_scope,
    msgraph_host: doc.msgraph_host,
  };
  const sub = doc.tenant_region_sub_scope;
  const sovereign = SOVEREIGN[foundIn];
  if (sovereign)
    return { target, status: 'fail', message: `Tenant is in the ${sovereign} sovereign cloud`, evidence };
  if (doc.cloud_instance_name === 'partner.microsoftonline.cn' || foundIn === 'china') {
    return { target, status: 'fail', message: 'Tenant is in the 21Vianet (China) cloud', evidence };
  }
  if (
    doc.cloud_instance_name === 'microsoftonline.us' ||
    foundIn === 'usgov' ||
    (sub && opts.usGovSubScopes.includes(sub))
  ) {
    const kind = sub === 'DODCON' ? 'GCC High' : sub === 'DOD' ? 'DoD' : 'US Government';
    return { target, status: 'fail', message: `Tenant is in the US Government cloud (${kind})`, evidence };
  }
  if (doc.tenant_region_scope && opts.nationalRegionScopes.includes(doc.tenant_region_scope)) {
    return {
      target,
      status: 'fail',
      message: `Tenant region scope ${doc.tenant_region_scope} is a national cloud`,
      evidence,
    };
  }
  if (
    doc.cloud_instance_name !== 'microsoftonline.com' ||
    (doc.msgraph_host && doc.msgraph_host !== 'graph.microsoft.com')
  ) {
    return {
      target,
      status: 'fail',
      message: `Unexpected cloud instance ${doc.cloud_instance_name ?? '(none)'} / Graph host ${doc.msgraph_host ?? '(none)'}`,
      evidence,
    };
  }
  if (sub === 'GCC') {
    return {
      target,
      status: opts.gccModerate,
      message:
        'Tenant is GCC Moderate (commercial endpoints, US Government compliance): confirm the archive supports it',
      evidence,
    };
  }
  if (sub)
    return {
      target,
      status: 'warn',
      message: `Unknown tenant_region_sub_scope ${sub}: review by hand`,
      evidence,
    };
  return {
    target,
    status: 'pass',
    message: `Global cloud (region ${doc.tenant_region_scope ?? 'unknown'})`,
    evidence,
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import globalCloud from '../../../checks/tenant/global-cloud.ts';
import type { RunningHttps } from '../../../src/simulator/tls.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectAgainst, startLogin } from '../../helpers/login.ts';

const T = (n: number) => `8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a1${n}`;
let login: RunningHttps;

beforeAll(async () => {
  login = await startLogin({
    tenants: [
      { tenantId: T(1), names: ['contoso.com'], document: { tenant_region_scope: 'EU' } },
      {
        tenantId: T(2),
        names: ['gcc.example'],
        document: { tenant_region_scope: 'NA', tenant_region_sub_scope: 'GCC' },
      },
      {
        tenantId: T(3),
        cloud: 'usgov',
        names: ['high.example'],
        document: { tenant_region_scope: 'USGov', tenant_region_sub_scope: 'DODCON' },
      },
      { tenantId: T(4), cloud: 'china', names: ['china.example'] },
      { tenantId: T(5), names: ['de.example'], document: { tenant_region_scope: 'DE' } },
      {
        tenantId: T(6),
        names: ['dod.example'],
        document: { tenant_region_sub_scope: 'DOD', tenant_region_scope: 'NA' },
      },
      { tenantId: T(7), cloud: 'bleu', names: ['contoso.onsovcloud.fr'] },
      { tenantId: T(8), cloud: 'delos', names: ['contoso.onsovcloud.de'] },
    ],
  });
});
afterAll(() => login.close());

async function judge(tenant: string, setting?: NonNullable<Parameters<typeof runCheck>[1]>['setting']) {
  const snapshot = await collectAgainst(login.origin, { tenant });
  const rec = snapshot.artifacts['openid.tenants'];
  if (rec?.status !== 'ok') throw new Error(`collection failed: ${JSON.stringify(rec)}`);
  return runCheck(globalCloud, { artifacts: { 'openid.tenants': rec.data as never }, setting });
}

describe('tenant.global-cloud over HTTPS', () => {
  it('passes a global tenant and shows the region', async () => {
    const r = await judge('contoso.com');
    expect(r.status).toBe('pass');
    expect(r.findings[0]!.evidence).toMatchObject({
      cloud_instance_name: 'microsoftonline.com',
      tenant_region_scope: 'EU',
    });
  });

  it('warns for GCC Moderate, and the option can make it fail', async () => {
    expect((await judge('gcc.example')).status).toBe('warn');
    expect((await judge('gcc.example', { options: { gccModerate: 'fail' } })).status).toBe('fail');
  });

  it('fails GCC High found only on the US Government login host', async () => {
    const r = await judge('high.example');
    expect(r.status).toBe('fail');
    expect(r.findings[0]!.message).toContain('GCC High');
    expect(r.findings[0]!.evidence).toMatchObject({ foundIn: 'usgov' });
  });

  it('fails DoD by sub-scope even on the global host, 21Vianet, and Cloud Deutschland', async () => {
    expect((await judge('dod.example')).findings[0]!.message).toContain('DoD');
    const china = await judge('china.example');
    expect(china.status).toBe('fail');
    expect(china.findings[0]!.message).toContain('21Vianet');
    expect((await judge('de.example')).status).toBe('fail');
  });

  it('cannot decide (error, not pass or fail) for a tenant found nowhere', async () => {
    const r = await judge('unknown.example');
    expect(r.status).toBe('error');
    expect(r.findings[0]!.message).toContain('not found');
  });

  // Bleu and Delos are separate Entra instances (MSAL's known authority hosts
  // login.sovcloud-identity.fr / login.sovcloud-identity.de): unknown to the global login host.
  it('names the sovereign clouds Bleu (France) and Delos (Germany) and fails them instead of error', async () => {
    const bleu = await judge('contoso.onsovcloud.fr');
    expect(bleu.status).toBe('fail');
    expect(bleu.findings[0]!.message).toContain('Bleu (France)');
    expect(bleu.findings[0]!.evidence).toMatchObject({ foundIn: 'bleu' });
    const delos = await judge('contoso.onsovcloud.de');
    expect(delos.status).toBe('fail');
    expect(delos.findings[0]!.message).toContain('Delos (Germany)');
  });

  it('edge: a sovereign tenant name whose login host does not answer still fails by its suffix', () => {
    const tenants = {
      'x.onsovcloud.de': {
        name: 'x.onsovcloud.de',
        primary: true,
        global: { cloud: 'global', httpStatus: 400 },
        national: [{ cloud: 'delos', fault: 'connect ETIMEDOUT' }],
      },
    };
    const r = runCheck(globalCloud, { artifacts: { 'openid.tenants': tenants as never } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]!.message).toContain('Delos (Germany)');
  });
});

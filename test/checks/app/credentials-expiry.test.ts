import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/credentials-expiry.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts, NOW } from './graph-artifacts.ts';

const days = (n: number) => new Date(Date.parse(NOW) + n * 86_400_000).toISOString();
const withCreds = (keys: { start: number; end: number }[], secrets: { end: number }[] = []) => {
  const a = graphArtifacts()['graph.archiveApp'];
  a.application!.keyCredentials = keys.map((k, i) => ({
    keyId: `k${i}`,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    displayName: `CN=cert${i}`,
    startDateTime: days(k.start),
    endDateTime: days(k.end),
  }));
  a.application!.passwordCredentials = secrets.map((s, i) => ({
    keyId: `s${i}`,
    displayName: `secret${i}`,
    hint: 'Ab1',
    startDateTime: days(-300),
    endDateTime: days(s.end),
  }));
  return a;
};
const run = (a: ReturnType<typeof withCreds>) =>
  runCheck(check, { artifacts: { 'graph.archiveApp': a }, now: NOW });

describe('app.credentials-expiry', () => {
  it('passes with a certificate valid for a long time', () => {
    expect(run(withCreds([{ start: -100, end: 400 }])).status).toBe('pass');
  });
  it('warns when the certificate ends within 30 days', () => {
    const r = run(withCreds([{ start: -100, end: 12 }]));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/Expires in 12 days/);
  });
  it('fails when every credential has expired (and lists them as removable)', () => {
    const r = run(withCreds([{ start: -400, end: -35 }], [{ end: -70 }]));
    expect(r.status).toBe('fail');
    expect(r.findings.filter((f) => f.status === 'info')).toHaveLength(2);
  });
  it('fails with no credential at all', () => {
    expect(run(withCreds([])).status).toBe('fail');
  });
  it('edge: a rollover (old expired, new valid) passes; a not-yet-valid one does not count', () => {
    expect(
      run(
        withCreds([
          { start: -400, end: -5 },
          { start: -5, end: 360 },
        ]),
      ).status,
    ).toBe('info');
    expect(run(withCreds([{ start: 5, end: 360 }])).status).toBe('fail');
  });
});

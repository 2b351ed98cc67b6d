import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/redirect-uris.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from './graph-artifacts.ts';

const app = (web: string[], pub: string[] = []) => {
  const a = graphArtifacts()['graph.archiveApp'];
  a.application!.web = { redirectUris: web };
  a.application!.publicClient = { redirectUris: pub };
  return a;
};

describe('app.redirect-uris', () => {
  it('passes with an https …/oidc/signin URI', () => {
    expect(
      runCheck(check, {
        artifacts: { 'graph.archiveApp': app(['https://mailstore.contoso.com:8462/oidc/signin']) },
      }).status,
    ).toBe('pass');
  });
  it('warns without one', () => {
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': app(['https://mailstore.contoso.com/']) } });
    expect(r.status).toBe('warn');
  });
  it('checks the exact host and port from mailstore.serverUrl (default port 8462)', () => {
    const a = app(['https://mailstore.contoso.com:8462/oidc/signin']);
    expect(
      runCheck(check, {
        artifacts: { 'graph.archiveApp': a },
        settings: { mailstore: { serverUrl: 'https://MailStore.contoso.com' } },
      }).status,
    ).toBe('pass');
    const r = runCheck(check, {
      artifacts: { 'graph.archiveApp': a },
      settings: { mailstore: { serverUrl: 'https://archive.contoso.com:8462' } },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.evidence?.expected).toBe('https://archive.contoso.com:8462/oidc/signin');
  });
  it('edge: plain HTTP, or a URI under publicClient instead of Web, warns with the reason', () => {
    expect(
      runCheck(check, {
        artifacts: { 'graph.archiveApp': app(['http://mailstore.contoso.com:8462/oidc/signin']) },
      }).findings[0]?.message,
    ).toMatch(/plain-HTTP/);
    const r = runCheck(check, {
      artifacts: { 'graph.archiveApp': app([], ['https://mailstore.contoso.com:8462/oidc/signin']) },
      settings: { mailstore: { serverUrl: 'https://mailstore.contoso.com:8462' } },
    });
    expect(r.findings[0]?.message).toMatch(/Mobile and desktop/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { loadScanApp } from '../../../src/simulator/graph/data.ts';
import { loadScenario } from '../../../src/simulator/scenario.ts';
import loginServer from '../../../src/simulator/servers/login.ts';
import { TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import type { StartedServer } from '../../../src/simulator/types.ts';
import { createTokenSource, EXO_SCOPE, GRAPH_SCOPE } from '../../../src/sources/graph/auth.ts';
import { RetryBudget } from '../../../src/sources/graph/http.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';

const scenario = loadScenario('contoso-ready');
const app = loadScanApp(scenario)!;
let login: StartedServer;
beforeAll(async () => {
  login = (await loginServer.start(scenario))!;
}, 10_000);
afterAll(() => login?.stop());

const aud = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).aud;

describe('token resource', () => {
  it('is the global Graph and Exchange Online resource, whatever endpoints.graph / exchangeOnline say', async () => {
    const { config } = parseConfig(
      {
        tenant: 'contoso.onmicrosoft.com',
        graph: { clientId: app.clientId, clientSecret: app.secret },
        endpoints: {
          login: (login.config.endpoints as { login: string }).login,
          graph: 'https://127.0.0.1:9',
          exchangeOnline: 'https://10.0.0.1:8443',
          caFile: TEST_CA_FILE,
        },
      },
      'test',
      '/',
    );
    const common = {
      config,
      tls: loadTlsTrust(config),
      budget: new RetryBudget(2, 1000),
      signal: new AbortController().signal,
      count: () => {},
      prompt: () => {},
    };
    expect(GRAPH_SCOPE).toBe('https://graph.microsoft.com/.default');
    expect(aud((await createTokenSource(common)()).token)).toBe('https://graph.microsoft.com');
    expect(aud((await createTokenSource({ ...common, scope: EXO_SCOPE })()).token)).toBe(
      'https://outlook.office365.com',
    );
  });
});

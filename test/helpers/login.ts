import { parseConfig } from '../../src/config/load.ts';
import { collectSnapshot } from '../../src/pipeline.ts';
import { type LoginData, loginHandler } from '../../src/simulator/servers/login.ts';
import { type RunningHttps, sendJson, startHttps, TEST_CA_FILE } from '../../src/simulator/tls.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';

/** A simulated login service over real HTTPS (test CA) for the given tenants. */
export async function startLogin(data: LoginData): Promise<RunningHttps> {
  let origin = '';
  const handle = loginHandler(data, () => origin);
  const server = await startHttps((req, res) => {
    if (!handle(req, res)) sendJson(res, 404, { error: 'not_found' });
  });
  origin = server.origin;
  return server;
}

/** Collects a snapshot with the login endpoints pointing at `origin`. */
export function collectAgainst(
  origin: string,
  raw: Record<string, unknown>,
  caFile: string | null = TEST_CA_FILE,
): Promise<Snapshot> {
  const loaded = parseConfig(
    {
      ...raw,
      endpoints: {
        login: origin,
        loginUsGov: `${origin}/_usgov`,
        loginChina: `${origin}/_china`,
        loginBleu: `${origin}/_bleu`,
        loginDelos: `${origin}/_delos`,
        ...(caFile ? { caFile } : {}),
      },
    },
    'test',
    process.cwd(),
  );
  return collectSnapshot({ loaded });
}

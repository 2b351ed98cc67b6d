import type { MtaStsFetch } from '../../evidence/dns.ts';
import { parseMtaStsPolicy } from '../../model/mta-sts.ts';
import { describeError } from '../../util/errors.ts';
import type { TlsTrust } from '../../util/tls.ts';
import { httpsGet } from '../net/https.ts';

/** Fetches https://mta-sts.<domain>/.well-known/mta-sts.txt with full certificate checking. */
export async function fetchMtaSts(
  domain: string,
  opts: { tls: TlsTrust; timeoutMs: number; signal?: AbortSignal; connectTo: readonly string[] },
): Promise<MtaStsFetch> {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  try {
    const res = await httpsGet(url, { ...opts, headers: { accept: 'text/plain' }, maxBytes: 64 * 1024 });
    if (res.status !== 200) return { url, httpStatus: res.status };
    const { policy, problems } = parseMtaStsPolicy(res.body);
    return { url, httpStatus: 200, policy, ...(problems.length ? { problems } : {}) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { url, fault: describeError(err), ...(typeof code === 'string' ? { faultCode: code } : {}) };
  }
}

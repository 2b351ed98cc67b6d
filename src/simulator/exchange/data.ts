import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { deepMerge, type Scenario } from '../scenario.ts';

/** How a simulated HTTPS host behaves at the connection level. */
type Behaviour = 'normal' | 'hang';

/** `exchange.yaml` of a scenario: on-prem Exchange, EXO Autodiscover and the SMTP smart host. */
export interface ExchangeSimData {
  onPremises?: {
    /** Names this server answers for (each gets a connectTo rule to its loopback port). */
    hosts: string[];
    /** Leaf certificate from fixtures/pki (`server`, `expired`, `wrong-name`). */
    certificate?: string;
    /** `hang`: accept TCP connections and never answer (not even the TLS handshake). */
    behaviour?: Behaviour;
    /** X-FEServer value. */
    server?: string;
    /** Full build in X-OWA-Version, e.g. 15.2.2562.37. */
    build?: string;
    /** false: no X-OWA-Version header (the build shows only in the export tool manifest and OWA paths). */
    owaVersionHeader?: boolean;
    ewsUrl: string;
    /** false: every /EWS/ path answers 404 from a bare IIS. */
    ews?: boolean;
    /** `on`: Bearer with authorization_uri; `off`: Bearer without it + oauth_not_available; `none`: no Bearer. */
    hma?: 'on' | 'off' | 'none';
    /** Tenant GUID in trusted_issuers. */
    tenantId?: string;
    /** `redirect-loop`: Autodiscover v2 bounces between two of the hosts forever. */
    autodiscover?: 'normal' | 'redirect-loop';
    mrsProxy?: boolean;
    /** On-prem mailboxes (Autodiscover v2 answers with the on-prem EWS URL). */
    mailboxes: string[];
    /** Remote mailboxes: on-prem Autodiscover redirects them to this Autodiscover base URL. */
    remoteMailboxes?: string[];
    remoteRedirect?: string;
  };
  exchangeOnline?: {
    hosts: string[];
    certificate?: string;
    behaviour?: Behaviour;
    /** Mailboxes in EXO: 200 with the EXO EWS URL. */
    mailboxes: string[];
    /** Mail users (mailbox on-prem): 302 to this on-prem Autodiscover host. */
    mailUsers?: Record<string, string>;
  };
  /** SMTP STARTTLS listener for the smart host (`probes.smtp`). */
  smtp?: { host: string; certificate?: string; banner?: string };
  /** Sample users the demo config names (`probes.onPremisesMailbox` / `probes.cloudMailbox`). */
  probes?: Record<string, unknown>;
}

/**
 * Reads `exchange.yaml` from every scenario of the `extends` chain, parent first, merged key by
 * key, so a broken variant holds only the keys it changes.
 */
export function loadExchangeData(scenario: Scenario): ExchangeSimData | undefined {
  const layers = [...scenario.dirs]
    .reverse()
    .map((dir) => {
      try {
        return parse(readFileSync(join(dir, 'exchange.yaml'), 'utf8')) as Record<string, unknown>;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    })
    .filter((l): l is Record<string, unknown> => !!l);
  if (layers.length === 0) return undefined;
  return layers.reduce((acc, l) => deepMerge(acc, l), {}) as ExchangeSimData;
}

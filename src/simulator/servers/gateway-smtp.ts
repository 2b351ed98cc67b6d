import { type Listener, startSmtp } from '../exchange/listeners.ts';
import type { Scenario } from '../scenario.ts';
import type { SimulatorServer } from '../types.ts';

/** `gateway.yaml`: the MailStore Gateway's MX host as an SMTP listener (STARTTLS optional). */
interface GatewayData {
  host: string;
  /** fixtures/pki leaf name (default `gateway`: msgw.example.net). */
  certificate?: string;
  /** false: EHLO does not offer STARTTLS. */
  starttls?: boolean;
}

/**
 * The Gateway's MX on loopback for the journal.gateway-reachable SMTP probe; routed with
 * `endpoints.connectTo <host>:25:127.0.0.1:<port>`.
 */
const server: SimulatorServer = {
  id: 'gateway-smtp',
  async start(scenario: Scenario) {
    const data = scenario.data<GatewayData>('gateway.yaml');
    if (!data?.host) return undefined;
    const l: Listener = await startSmtp(data.host, data.certificate ?? 'gateway', undefined, {
      starttls: data.starttls !== false,
    });
    return {
      config: { endpoints: { connectTo: [`${data.host}:25:127.0.0.1:${l.port}`] } },
      stop: () => l.close(),
    };
  },
};

export default server;

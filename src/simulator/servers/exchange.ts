import { loadExchangeData } from '../exchange/data.ts';
import { exoHandler, onPremHandler } from '../exchange/handlers.ts';
import { type Listener, startHang, startSmtp } from '../exchange/listeners.ts';
import type { Scenario } from '../scenario.ts';
import { startHttps, testServerCredentials } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';

/**
 * On-premises Exchange (Autodiscover, EWS, OWA, hybrid endpoints), Exchange Online Autodiscover
 * and the SMTP smart host, on loopback. The config patch routes the real host names to the
 * loopback ports with `endpoints.connectTo`, so probes verify the real names on the certificates.
 */
const server: SimulatorServer = {
  id: 'exchange',
  async start(scenario: Scenario) {
    const data = loadExchangeData(scenario);
    if (!data) return undefined;
    const running: Listener[] = [];
    const connectTo: string[] = [];
    try {
      const { onPremises: onPrem, exchangeOnline: exo, smtp } = data;
      if (onPrem) {
        const l =
          onPrem.behaviour === 'hang'
            ? await startHang()
            : await startHttps(onPremHandler(onPrem), testServerCredentials(onPrem.certificate ?? 'server'));
        running.push(l);
        for (const h of onPrem.hosts) connectTo.push(`${h}:443:127.0.0.1:${l.port}`);
      }
      if (exo) {
        const l =
          exo.behaviour === 'hang'
            ? await startHang()
            : await startHttps(exoHandler(exo), testServerCredentials(exo.certificate ?? 'server'));
        running.push(l);
        for (const h of exo.hosts) connectTo.push(`${h}:443:127.0.0.1:${l.port}`);
      }
      if (smtp) {
        const l = await startSmtp(smtp.host, smtp.certificate, smtp.banner);
        running.push(l);
        connectTo.push(`${smtp.host}:25:127.0.0.1:${l.port}`);
      }
    } catch (err) {
      await Promise.allSettled(running.map((l) => l.close()));
      throw err;
    }
    const exoHost = data.exchangeOnline?.hosts[0];
    return {
      config: {
        endpoints: {
          connectTo,
          ...(exoHost ? { exoAutodiscover: `https://${exoHost}` } : {}),
        },
        ...(data.probes ? { probes: data.probes } : {}),
      },
      stop: async () => {
        await Promise.allSettled(running.map((l) => l.close()));
      },
    };
  },
};

export default server;

import type { Scenario } from '../scenario.ts';
import type { SimulatorServer } from '../types.ts';

/**
 * The administrator-supplied Exchange Online export (Get-JournalRule / Get-TransportConfig JSON):
 * starts nothing, only points `exchangeOnline.exportDir` at the scenario's `exo-export/` folder.
 */
const server: SimulatorServer = {
  id: 'exo-export',
  async start(scenario: Scenario) {
    const dir = scenario.file('exo-export');
    if (!dir) return undefined;
    return { config: { exchangeOnline: { exportDir: dir } }, stop: async () => {} };
  },
};

export default server;

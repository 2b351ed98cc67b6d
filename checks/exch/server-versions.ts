import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { isNewerThanKnown, newerThanKnownText } from '../../src/model/exchange-builds.ts';
import { SERVER_ROLE } from '../../src/model/exchange-flags.ts';
import { versionText } from './onprem-helpers.ts';

const options = z.strictObject({
  /** Exchange 2016/2019 past end of support: not a Microsoft-best-practice hybrid (fail) by default. */
  outOfSupport: z.enum(['fail', 'warn']).default('fail'),
});

/** AD's serialNumber has no SU revision: the security-update judgment lives in the HTTP fingerprint. */
const SU_NOTE = 'the security update level is not in AD: see http.exchange-build-fingerprint';

export default defineCheck({
  id: 'exch.server-versions',
  area: 'exch',
  severity: 'fail',
  targetKind: 'server',
  title: 'Supported Exchange version and CU on every server',
  failureTitle: 'Exchange servers run an unsupported version or CU',
  description:
    'Hybrid requires the latest or the immediately previous CU of a supported version. Exchange 2016 and 2019 reached end of support on 2025-10-14 (the paid extended security updates ended in October 2026); Exchange Server SE is the supported version. AD shows the CU build only, not the SU/HU revision: the latest-security-update judgment is http.exchange-build-fingerprint.',
  remediation:
    'Upgrade every Exchange server to Exchange Server SE (or at least the latest CU of 2019/2016 while migrating), then install the latest security update.',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
    'https://learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates',
  ],
  requires: ['ldap.exchangeServers'],
  confidence: 'confirmed',
  knowledge: ['exchange-builds'],
  options,
  run({ model, now, options: opts }) {
    const servers = model.servers;
    const findings: Finding[] = [];
    for (const d of servers) {
      const s = d.server;
      const evidence = {
        serialNumber: s.serialNumber,
        build: versionText(d),
        roles: s.roleNames ?? s.roles,
        release: d.release ? `${d.release.product} ${d.release.cu}` : undefined,
        endOfSupport: d.release?.endOfSupport,
        site: s.site,
      };
      if (d.isEdge) {
        findings.push({
          target: s.name,
          status: 'info',
          message: `Edge Transport server, ${versionText(d)}`,
          evidence,
        });
        continue;
      }
      if (!d.version) {
        findings.push({
          target: s.name,
          status: 'fail',
          message: `serialNumber "${s.serialNumber ?? ''}" is not a readable Exchange version`,
          evidence,
        });
        continue;
      }
      const r = d.release;
      if (!r && isNewerThanKnown(d.version)) {
        // A CU released after the table's date (e.g. a new SE CU): never label it with a known name.
        findings.push({
          target: s.name,
          status: 'warn',
          message: `CU build ${newerThanKnownText(d.version)}: its support cannot be judged`,
          evidence,
        });
        continue;
      }
      if (d.isSe && r) {
        findings.push({
          target: s.name,
          status: 'pass',
          message: `${r.product} ${r.cu} (${versionText(d)}), a supported CU; ${SU_NOTE}`,
          evidence,
        });
        continue;
      }
      if (r?.supportedCu) {
        const eos = r.endOfSupport ? new Date(`${r.endOfSupport}T00:00:00Z`) : undefined;
        const ended = eos !== undefined && eos.getTime() <= now.getTime();
        findings.push({
          target: s.name,
          status: ended ? opts.outOfSupport : 'warn',
          message: `${r.product} ${r.cu} (${versionText(d)}) meets the hybrid CU rule but ${ended ? `is out of support since ${r.endOfSupport}` : `ends support on ${r.endOfSupport}`}: upgrade to Exchange Server SE; ${SU_NOTE}`,
          evidence,
        });
        continue;
      }
      findings.push({
        target: s.name,
        status: 'fail',
        message: r
          ? `${r.product} ${r.cu} (${versionText(d)}) is not a supported CU for hybrid`
          : `Build ${versionText(d)} is older than the supported CUs (or unknown to the build table)`,
        evidence,
      });
    }
    const mailbox = servers.filter((d) => !d.isEdge && (d.server.roles & SERVER_ROLE.Mailbox) !== 0);
    if (mailbox.length === 0)
      findings.push({
        target: 'organisation',
        status: 'fail',
        message: servers.length
          ? 'No Exchange server with the Mailbox role'
          : 'No Exchange servers found in the configuration partition',
        evidence: { servers: servers.map((d) => d.server.name) },
      });
    return findings;
  },
});

import { z } from 'zod';
import { defineCheck, isoDateOption } from '../../src/engine/define-check.ts';
import { GRAPH_APP_ID, GRAPH_PERMISSION_IDS } from '../../src/model/graph-permissions.ts';
import { deadline, MICROSOFT_DEADLINES } from '../../src/model/microsoft-deadlines.ts';
import { appRef, configured, FULL_ACCESS_AS_APP, granted } from './app-profile.ts';

const options = z.strictObject({
  /** From this date an EWS-only app is a warning (info before). */
  warnFrom: isoDateOption.default('2026-06-01'),
  /** Microsoft blocks EWS for apps in Exchange Online from this date (data/microsoft-deadlines.json). */
  blockedFrom: isoDateOption.default(deadline('ews-blocked-exo')),
  /** Microsoft shuts EWS down in Exchange Online on this date: an EWS-only app then fails. */
  shutdownFrom: isoDateOption.default(deadline('ews-shutdown-exo')),
});

export default defineCheck({
  id: 'app.ews-retirement-readiness',
  area: 'app',
  severity: 'fail',
  targetKind: 'app',
  title: 'The archiving app does not depend on EWS for Exchange Online',
  failureTitle: 'The archiving app still relies on EWS, which Exchange Online retires',
  description:
    'Microsoft retires Exchange Web Services in Exchange Online: blocked from October 2026 and shut down by April 2027. An app that reads cloud mailboxes only through full_access_as_app (EWS) stops archiving; MailStore moves to Microsoft Graph. EWS for on-premises Exchange is not affected.',
  remediation:
    'Update MailStore to a version that archives Exchange Online over Microsoft Graph, add the Graph mail permission (Mail.Read) with admin consent, then remove full_access_as_app. Note: the Graph mail API does not reach in-place archive mailboxes.',
  docs: ['https://help.mailstore.com/en/server/EWS_Migration', MICROSOFT_DEADLINES['ews-blocked-exo'].source],
  dependsOn: ['app.registration-exists'],
  requires: ['graph.archiveApp'],
  optional: ['graph.resourceServicePrincipals'],
  confidence: 'confirmed',
  knowledge: ['microsoft-deadlines'],
  options,
  run({ artifacts, options: opts, now }) {
    const app = artifacts['graph.archiveApp'];
    const resources = artifacts['graph.resourceServicePrincipals'];
    const target = appRef(app);
    if (!app.application)
      return [{ target, status: 'info', message: 'No application object (see app.registration-exists)' }];
    const ews =
      configured(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id) ||
      granted(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id, resources);
    const mailIds = [GRAPH_PERMISSION_IDS['Mail.Read']!, GRAPH_PERMISSION_IDS['Mail.ReadWrite']!];
    const graphMail = mailIds.some((id) => configured(app, GRAPH_APP_ID, id));
    const evidence = {
      fullAccessAsApp: ews,
      graphMailPermission: graphMail,
      blockedFrom: opts.blockedFrom,
      shutdownFrom: opts.shutdownFrom,
      judgedAt: now.toISOString().slice(0, 10),
    };
    const today = now.toISOString().slice(0, 10);
    if (ews && !graphMail) {
      const blocked = today >= opts.blockedFrom;
      const shutDown = today >= opts.shutdownFrom;
      return [
        {
          target,
          status: shutDown ? 'fail' : today >= opts.warnFrom ? 'warn' : 'info',
          message: shutDown
            ? `Cloud mailboxes are read only through EWS (full_access_as_app), which Exchange Online shut down on ${opts.shutdownFrom}: archiving of cloud mailboxes has stopped`
            : blocked
              ? `Cloud mailboxes are read only through EWS (full_access_as_app), which Exchange Online blocks since ${opts.blockedFrom}`
              : `Cloud mailboxes are read only through EWS (full_access_as_app); Exchange Online blocks EWS from ${opts.blockedFrom}`,
          evidence,
        },
      ];
    }
    if (ews && graphMail)
      return [
        {
          target,
          status: 'info',
          message:
            'Graph mail access is configured; full_access_as_app (EWS) is still there: remove it once MailStore archives over Graph',
          evidence,
        },
      ];
    if (graphMail)
      return [
        { target, status: 'pass', message: 'Mailboxes are read through Microsoft Graph, not EWS', evidence },
      ];
    return [
      {
        target,
        status: 'info',
        message: 'Neither EWS nor Graph mail access is configured (see app.required-permissions)',
        evidence,
      },
    ];
  },
});

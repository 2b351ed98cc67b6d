import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { appRef, credentialLabel, credentialRef, credentialsOf, daysLeft } from './app-profile.ts';

const options = z.strictObject({
  /** Warn when the last valid credential ends within this many days. */
  warnDays: z.number().int().min(1).default(30),
});

export default defineCheck({
  id: 'app.credentials-expiry',
  area: 'app',
  severity: 'fail',
  targetKind: 'credential',
  title: 'The archiving app has a valid certificate or secret',
  failureTitle: 'The archiving app has no valid credential, or it expires soon',
  description:
    'MailStore signs in with a certificate (its credential dialog creates one to upload) or a client secret. When the last one expires, archiving stops silently until someone renews it.',
  remediation:
    'Upload a new certificate (or create a new secret) in the app registration under Certificates & secrets before the old one ends, update MailStore, then remove the old credential.',
  docs: [
    'https://learn.microsoft.com/graph/api/resources/keycredential',
    'https://learn.microsoft.com/graph/api/resources/passwordcredential',
  ],
  dependsOn: ['app.registration-exists'],
  requires: ['graph.archiveApp'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts, now }) {
    const app = artifacts['graph.archiveApp'];
    const target = appRef(app);
    if (!app.application)
      return [{ target, status: 'fail', message: 'No application object (see app.registration-exists)' }];
    const creds = credentialsOf(app.application);
    if (creds.length === 0)
      return [
        {
          target,
          status: 'fail',
          message: 'The app has no certificate and no secret: MailStore cannot sign in',
        },
      ];
    const findings: Finding[] = [];
    let valid = 0;
    for (const c of creds) {
      const left = daysLeft(c, now);
      const started = !c.startDateTime || Date.parse(c.startDateTime) <= now.getTime();
      const evidence = {
        kind: c.kind,
        keyId: c.keyId,
        type: (c as { type?: string }).type,
        usage: (c as { usage?: string }).usage,
        startDateTime: c.startDateTime,
        endDateTime: c.endDateTime,
      };
      const label = credentialLabel(c);
      if (left !== undefined && left < 0) {
        findings.push({
          target: credentialRef(app, c, label),
          status: 'info',
          message: `Expired ${Math.ceil(-left)} days ago: remove it`,
          evidence,
        });
        continue;
      }
      if (!started) {
        findings.push({
          target: credentialRef(app, c, label),
          status: 'info',
          message: `Not valid before ${c.startDateTime}`,
          evidence,
        });
        continue;
      }
      valid++;
      if (left !== undefined && left < opts.warnDays)
        findings.push({
          target: credentialRef(app, c, label),
          status: 'warn',
          message: `Expires in ${Math.floor(left)} days (${c.endDateTime})`,
          evidence,
        });
      else
        findings.push({
          target: credentialRef(app, c, label),
          status: 'pass',
          message: left === undefined ? 'Valid, no end date' : `Valid for ${Math.floor(left)} more days`,
          evidence,
        });
    }
    if (valid === 0)
      findings.unshift({
        target,
        status: 'fail',
        message: `None of the ${creds.length} credentials is valid now: MailStore cannot sign in`,
      });
    return findings;
  },
});

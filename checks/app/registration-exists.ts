import { defineCheck } from '../../src/engine/define-check.ts';
import { appRef } from './app-profile.ts';

export default defineCheck({
  id: 'app.registration-exists',
  area: 'app',
  severity: 'fail',
  targetKind: 'app',
  title: 'The archiving app and its service principal exist',
  failureTitle: 'The archiving app registration or its service principal is missing or disabled',
  description:
    'MailStore reads Microsoft 365 through an app registration the customer creates in their own tenant (mailstore.appId). Without the application object and an enabled service principal (enterprise application) it cannot sign in.',
  remediation: {
    text: 'Register the app as the MailStore Microsoft 365 guide describes, or correct mailstore.appId. If the enterprise application is disabled, enable "Enabled for users to sign in" on it.',
    portal: 'Entra admin center > App registrations > New registration',
  },
  docs: [
    'https://learn.microsoft.com/graph/api/application-get',
    'https://help.mailstore.com/en/server/Synchronizing_User_Accounts_with_Microsoft_365',
  ],
  requires: ['graph.archiveApp'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const app = artifacts['graph.archiveApp'];
    const target = appRef(app);
    const evidence = {
      applicationObjectId: app.application?.id ?? null,
      servicePrincipalId: app.servicePrincipal?.id ?? null,
      accountEnabled: app.servicePrincipal?.accountEnabled ?? null,
      signInAudience: app.application?.signInAudience,
    };
    if (!app.application && !app.servicePrincipal)
      return [
        {
          target,
          status: 'fail',
          message: `No application with appId ${app.appId} in this tenant (check mailstore.appId)`,
          evidence,
        },
      ];
    if (!app.application)
      return [
        {
          target,
          status: 'fail',
          message:
            'Only a service principal exists: the app is registered in another tenant. MailStore expects an app registered in the customer tenant',
          evidence,
        },
      ];
    if (!app.servicePrincipal)
      return [
        {
          target,
          status: 'fail',
          message:
            'The app has no service principal (enterprise application) in this tenant: it cannot sign in or receive admin consent',
          evidence,
        },
      ];
    if (app.servicePrincipal.accountEnabled === false)
      return [
        {
          target,
          status: 'fail',
          message: 'The service principal is disabled (accountEnabled false)',
          evidence,
        },
      ];
    return [{ target, status: 'pass', message: 'Application and enabled service principal found', evidence }];
  },
});

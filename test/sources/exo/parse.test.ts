import { describe, expect, it } from 'vitest';
import { toOrganizationConfig } from '../../../src/sources/exo/parse.ts';

// The EWS fields of Get-OrganizationConfig: EwsEnabled $null means "never set" (blocked in
// Exchange Online since 2026-10-01); a reply without the property (the Admin API's GA reply keeps
// only the core MailTips properties, admin-api-endpoints-organization-config) means "not seen".
describe('toOrganizationConfig: EwsEnabled', () => {
  it('null is "never set", and the property was seen', () => {
    expect(toOrganizationConfig({ EwsEnabled: null })).toMatchObject({
      ewsEnabled: null,
      ewsEnabledKnown: true,
    });
  });
  it('"False" (an export as text) is false', () => {
    expect(toOrganizationConfig({ ewsenabled: 'False' })).toMatchObject({
      ewsEnabled: false,
      ewsEnabledKnown: true,
    });
  });
  it('edge: absent is not seen — not "never set"', () => {
    const org = toOrganizationConfig({ MailTipsAllTipsEnabled: true });
    expect(org.ewsEnabledKnown).toBe(false);
    expect(org.ewsEnabled).toBeUndefined();
  });
});

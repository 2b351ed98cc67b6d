import { describe, expect, it } from 'vitest';
import ewsCheck from '../../checks/app/ews-retirement-readiness.ts';
import { parseConfig } from '../../src/config/load.ts';
import { evaluate } from '../../src/engine/evaluate.ts';
import {
  checkKnownAsOf,
  KNOWLEDGE,
  knowledgeReport,
  versionWithKnowledge,
} from '../../src/engine/knowledge.ts';
import type { RegisteredCheck } from '../../src/engine/registry.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';
import { graphArtifacts } from '../checks/app/graph-artifacts.ts';

const EXO = '00000002-0000-0ff1-ce00-000000000000';

/** A snapshot holding only an EWS-only archiving app, collected at `finishedAt`. */
function ewsOnlySnapshot(finishedAt: string): Snapshot {
  const app = graphArtifacts()['graph.archiveApp'];
  app.application!.requiredResourceAccess = [
    { resourceAppId: EXO, resourceAccess: [{ id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', type: 'Role' }] },
  ];
  const config = parseConfig({ tenant: 'contoso.onmicrosoft.com' }, 'test', '.').config;
  return {
    kind: 'hybridscan-snapshot',
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: 'test' },
    startedAt: finishedAt,
    finishedAt,
    durationMs: 0,
    config,
    sources: { graph: { status: 'ok', requests: 1, requestsByEndpoint: {}, durationMs: 0 } },
    artifacts: { 'graph.archiveApp': { status: 'ok', data: app } },
  };
}

const checks = [{ ...ewsCheck, origin: 'test' } as RegisteredCheck];

describe('dated knowledge', () => {
  it('judges at the snapshot time: a snapshot after 2027-04-01 (EWS shutdown) turns the EWS finding into a fail', () => {
    const snapshot = ewsOnlySnapshot('2027-04-15T10:00:00.000Z');
    const result = evaluate(snapshot, { config: snapshot.config, checks, today: new Date('2026-01-01') });
    expect(result.checks[0]?.status).toBe('fail');
    const earlier = ewsOnlySnapshot('2026-12-02T10:00:00.000Z');
    expect(evaluate(earlier, { config: earlier.config, checks }).checks[0]?.status).toBe('warn');
  });

  it('puts the knowledge the checks used into the ScanResult, with a warning once it is stale', () => {
    const snapshot = ewsOnlySnapshot('2027-04-15T10:00:00.000Z');
    const result = evaluate(snapshot, { config: snapshot.config, checks });
    expect(result.knowledge?.datasets).toEqual({
      'microsoft-deadlines': KNOWLEDGE['microsoft-deadlines'].knownAsOf,
    });
    expect(result.knowledge?.warnings[0]).toMatch(/microsoft-deadlines is \d+ days old at the snapshot date/);
    const fresh = evaluate(snapshot, { config: snapshot.config, checks, knowledgeMaxAgeDays: 10_000 });
    expect(fresh.knowledge?.warnings).toEqual([]);
  });

  it('warns that builds released after the table date are unknown (edge: exactly at the limit is fine)', () => {
    const asOf = KNOWLEDGE['exchange-builds'].knownAsOf;
    const atLimit = new Date(new Date(`${asOf}T00:00:00Z`).getTime() + 90 * 86_400_000);
    const uses = [{ knowledge: ['exchange-builds'] as const }];
    expect(knowledgeReport(uses, atLimit).warnings).toEqual([]);
    const late = new Date(atLimit.getTime() + 86_400_000);
    expect(knowledgeReport(uses, late).warnings).toEqual([
      `Exchange build knowledge is 91 days old at the snapshot date: builds released after ${asOf} are unknown to this version`,
    ]);
    expect(knowledgeReport([{}], late)).toEqual({ datasets: {}, warnings: [] });
  });

  it('gives a check its oldest knownAsOf and prints every data date with the version', () => {
    expect(checkKnownAsOf({ knowledge: ['exchange-builds'] })).toBe(KNOWLEDGE['exchange-builds'].knownAsOf);
    expect(checkKnownAsOf({})).toBeUndefined();
    expect(versionWithKnowledge('1.2.3')).toMatch(
      /^1\.2\.3\ndata:\n {2}exchange-builds: known as of \d{4}-\d{2}-\d{2}/,
    );
  });
});

import { BUILD_TABLE_KNOWN_AS_OF, BUILD_TABLE_SOURCE } from '../model/exchange-builds.ts';
import { DEADLINES_KNOWN_AS_OF } from '../model/microsoft-deadlines.ts';
import type { Check, KnowledgeId } from './types.ts';

/**
 * The dated data sets shipped with the scanner. A check that relies on one declares it
 * (`knowledge: [...]`), so the catalogue and the ScanResult can say how old that knowledge is.
 */
export const KNOWLEDGE: Readonly<Record<KnowledgeId, { knownAsOf: string; source: string }>> = {
  'exchange-builds': {
    knownAsOf: BUILD_TABLE_KNOWN_AS_OF,
    source: `${BUILD_TABLE_SOURCE.repository}/blob/${BUILD_TABLE_SOURCE.commit}/${BUILD_TABLE_SOURCE.file}`,
  },
  'microsoft-deadlines': { knownAsOf: DEADLINES_KNOWN_AS_OF, source: 'data/microsoft-deadlines.json' },
};

/** Default age (days at the snapshot's date) past which the scanner warns that its knowledge is stale. */
const KNOWLEDGE_MAX_AGE_DAYS = 90;

/** The oldest knownAsOf among the data sets a check relies on, or undefined when it relies on none. */
export function checkKnownAsOf(check: Pick<Check, 'knowledge'>): string | undefined {
  const dates = (check.knowledge ?? []).map((k) => KNOWLEDGE[k].knownAsOf).sort();
  return dates[0];
}

interface KnowledgeReport {
  /** Data set → the date up to which it is current. */
  datasets: Partial<Record<KnowledgeId, string>>;
  /** One line per data set older than the limit at the snapshot's date. */
  warnings: string[];
}

/** The knowledge the selected checks relied on, judged at the snapshot's date. */
export function knowledgeReport(
  checks: readonly Pick<Check, 'knowledge'>[],
  now: Date,
  maxAgeDays = KNOWLEDGE_MAX_AGE_DAYS,
): KnowledgeReport {
  const used = [...new Set(checks.flatMap((c) => c.knowledge ?? []))].sort();
  const datasets: Partial<Record<KnowledgeId, string>> = {};
  const warnings: string[] = [];
  for (const id of used) {
    const { knownAsOf } = KNOWLEDGE[id];
    datasets[id] = knownAsOf;
    const ageDays = Math.floor((now.getTime() - new Date(`${knownAsOf}T00:00:00Z`).getTime()) / 86_400_000);
    if (ageDays > maxAgeDays)
      warnings.push(
        id === 'exchange-builds'
          ? `Exchange build knowledge is ${ageDays} days old at the snapshot date: builds released after ${knownAsOf} are unknown to this version`
          : `${id} is ${ageDays} days old at the snapshot date: Microsoft changes after ${knownAsOf} are unknown to this version`,
      );
  }
  return { datasets, warnings };
}

/** `hybridscan --version`: the tool version and the date of each data set. */
export function versionWithKnowledge(toolVersion: string): string {
  const lines = Object.entries(KNOWLEDGE).map(([id, k]) => `  ${id}: known as of ${k.knownAsOf}`);
  return [toolVersion, 'data:', ...lines].join('\n');
}

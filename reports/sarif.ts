import type { ScanResult } from '../src/engine/types.ts';
import { AREAS } from '../src/engine/types.ts';
import { jsonText } from '../src/util/escape.ts';
import { remediationText } from './remediation.ts';

/** SARIF 2.1.0 §3.27.24 names for our baseline states (a fixed finding is `absent`). */
const SARIF_BASELINE = {
  new: 'new',
  changed: 'updated',
  unchanged: 'unchanged',
  fixed: 'unchanged',
} as const;

/** SARIF 2.1.0 for code-scanning dashboards: rules are checks, results are non-passing findings. */
export function renderSarif(result: ScanResult): string {
  const level = (status: string) => (status === 'fail' ? 'error' : status === 'warn' ? 'warning' : 'note');
  const rules = result.checks.map((c) => ({
    id: c.id,
    name: c.id,
    shortDescription: { text: c.title },
    fullDescription: { text: c.message },
    help: { text: remediationText(c.remediation) },
    ...(c.docs[0] ? { helpUri: c.docs[0] } : {}),
    properties: { area: AREAS[c.area], severity: c.severity },
    defaultConfiguration: { level: level(c.severity) },
  }));
  const results = result.checks.flatMap((c, ruleIndex) =>
    c.findings
      .filter((f) => f.status === 'fail' || f.status === 'warn' || f.status === 'error')
      .map((f) => ({
        ruleId: c.id,
        ruleIndex,
        level: level(f.status),
        message: { text: `${f.target.label}: ${f.message}` },
        locations: [
          {
            logicalLocations: [
              {
                name: f.target.label,
                fullyQualifiedName: `${f.target.kind}:${f.target.id}`,
                kind: 'resource',
              },
            ],
          },
        ],
        // Stable across label rewording: code-scanning dashboards track the finding by it.
        partialFingerprints: { target: `${f.target.kind}:${f.target.id}` },
        ...(result.baseline ? { baselineState: SARIF_BASELINE[f.baselineState ?? 'unchanged'] } : {}),
        ...(f.evidence ? { properties: { evidence: f.evidence } } : {}),
      })),
  );
  // Fixed findings are SARIF's baselineState "absent". GitHub code scanning documents no `kind`
  // and closes an alert when its fingerprint is missing from an upload, so they are listed in the
  // run's properties rather than as results (a result would keep the alert open).
  const absent = result.baseline?.fixedFindings.map((f) => ({
    ruleId: f.check,
    baselineState: 'absent',
    kind: 'pass',
    level: 'none',
    message: { text: `${f.target.label}: fixed (was ${f.before}): ${f.message}` },
    partialFingerprints: { target: `${f.target.kind}:${f.target.id}` },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hybridscan',
            version: result.tool.version,
            informationUri: 'https://learn.microsoft.com/exchange/exchange-hybrid',
            rules,
          },
        },
        invocations: [
          { executionSuccessful: result.verdict !== 'incomplete', startTimeUtc: result.startedAt },
        ],
        results,
        ...(result.baseline
          ? {
              properties: {
                baseline: {
                  file: result.baseline.file,
                  startedAt: result.baseline.startedAt,
                  new: result.baseline.new,
                  changed: result.baseline.changed,
                  unchanged: result.baseline.unchanged,
                  fixed: result.baseline.fixed,
                },
                absentResults: absent,
              },
            }
          : {}),
      },
    ],
  };
  return `${jsonText(sarif)}\n`;
}

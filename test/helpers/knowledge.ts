import { BUILD_TABLE_KNOWN_AS_OF } from '../../src/model/exchange-builds.ts';

/**
 * A demo snapshot is taken now. The simulated contoso-ready server runs the newest update in
 * data/exchange-builds.json (SE RTM Sep26SUv2 15.2.2562.53), so http.exchange-build-fingerprint
 * passes while the table is at most 90 days old at that moment (its knowledgeMaxAgeDays default)
 * and warns once it is older: builds released after knownAsOf are unknown to this version.
 */
export function demoFingerprintStatus(now = new Date()): 'pass' | 'warn' {
  const ageDays = Math.floor(
    (now.getTime() - Date.parse(`${BUILD_TABLE_KNOWN_AS_OF}T00:00:00Z`)) / 86_400_000,
  );
  return ageDays > 90 ? 'warn' : 'pass';
}

/** The verdict of a demo scenario with nothing else to warn about. */
export function demoReadyVerdict(now = new Date()): 'ready' | 'ready-with-warnings' {
  return demoFingerprintStatus(now) === 'pass' ? 'ready' : 'ready-with-warnings';
}

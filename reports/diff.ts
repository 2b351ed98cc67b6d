import type { ResultDiff } from '../src/engine/diff.ts';
import { termSafe } from '../src/util/escape.ts';

export function renderDiff(diff: ResultDiff, json: boolean): string {
  if (json) return `${JSON.stringify(diff, null, 2)}\n`;
  const out = [
    `Verdict: ${diff.before.verdict} (${diff.before.startedAt}) -> ${diff.after.verdict} (${diff.after.startedAt})`,
  ];
  const list = (title: string, items: ResultDiff['regressed']) => {
    out.push(`${title}: ${items.length}`);
    for (const i of items)
      out.push(
        `  ${i.check}  ${termSafe(i.target.label)}: ${i.before ?? 'new'} -> ${i.after ?? 'gone'}  ${termSafe(i.message)}`,
      );
  };
  list('Worse', diff.regressed);
  list('Better', diff.improved);
  out.push(`Checks with another status: ${diff.checks.length}`);
  for (const c of diff.checks) out.push(`  ${c.id}: ${c.before ?? 'absent'} -> ${c.after ?? 'absent'}`);
  return `${out.join('\n')}\n`;
}

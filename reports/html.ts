import type {
  BaselineState,
  CheckResult,
  ResultFinding,
  ScanResult,
  SourceSummary,
} from '../src/engine/types.ts';
import { escapeHtml as h } from '../src/util/escape.ts';
import { baselineText } from './console.ts';
import { evidenceHtml } from './html/evidence.ts';
import { STYLE } from './html/style.ts';
import { blockers, errorCause, STATUS_WORDS, VERDICT_WORDS, verdictHeadline } from './html/verdict.ts';

/** Affected objects listed per check before "… and N more". */
const MAX_TARGETS = 20;

/** The Content-Security-Policy of every report: inline styles, and nothing else at all. */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * A self-contained HTML report a customer reads, prints or attaches: no scripts, no external
 * assets. It leads with the verdict and what blocks archiving, with the fix; every area follows
 * with its checks, passing ones collapsed. Every string from the scan is escaped.
 */
export function renderHtml(result: ScanResult): string {
  const title = result.target.organization ?? result.target.tenant ?? '(no tenant)';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">
<meta name="referrer" content="no-referrer">
<title>hybridscan: ${h(title)} — ${h(VERDICT_WORDS[result.verdict] ?? result.verdict)}</title>
<style>${STYLE}</style>
</head><body>
${headerHtml(result, title)}
${bannerHtml(result)}
${blockersHtml(result)}
${areasHtml(result)}
<footer>hybridscan ${h(result.tool.version)} · a read-only scan: nothing in the scanned organisation was changed.</footer>
</body></html>
`;
}

function headerHtml(result: ScanResult, title: string): string {
  const t = result.target;
  const rows: [string, string][] = [];
  const tenant = t.organization ? t.tenant : undefined;
  const ids = [tenant && h(tenant), t.tenantId && `<span class="id">${h(t.tenantId)}</span>`].filter(Boolean);
  if (ids.length) rows.push(['Tenant', ids.join(' ')]);
  if (t.domains.length) rows.push(['Mail domains', t.domains.map(h).join(', ')]);
  const duration = Number.isFinite(result.durationMs) ? ` · took ${h(durationText(result.durationMs))}` : '';
  rows.push([
    'Scanned',
    `${h(dateText(result.startedAt))}${duration} · hybridscan ${h(result.tool.version)}`,
  ]);
  const knowledge = knowledgeHtml(result);
  if (knowledge) rows.push(['Knowledge', knowledge]);
  if (result.sources.length) rows.push(['Sources', sourcesHtml(result.sources)]);
  if (result.baseline) {
    const b = result.baseline;
    rows.push([
      'Since the baseline',
      `${h(baselineText(b))} <span class="id">(${h(b.file)}, ${h(dateText(b.startedAt))}, ${h(VERDICT_WORDS[b.verdict as keyof typeof VERDICT_WORDS] ?? b.verdict)})</span>`,
    ]);
  }
  if (result.exceptions.length) {
    const n = (state: string) => result.exceptions.filter((e) => e.state === state).length;
    rows.push([
      'Exceptions',
      `${result.exceptions.length} configured: ${n('active')} active, ${n('expired')} expired, ${n('unmatched')} matching nothing`,
    ]);
  }
  return `<header>
<p class="kicker">Exchange hybrid archiving readiness</p>
<h1>${h(title)}</h1>
<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

const KNOWLEDGE_NAMES: Record<string, string> = {
  'exchange-builds': 'Exchange builds',
  'microsoft-deadlines': 'Microsoft deadlines',
};

/** The dates of the scanner's Microsoft data, and a note when it is stale at the scan's date. */
function knowledgeHtml(result: ScanResult): string {
  const datasets = Object.entries(result.knowledge?.datasets ?? {});
  const warnings = result.knowledge?.warnings ?? [];
  const dates = datasets
    .map(([id, date]) => `${h(KNOWLEDGE_NAMES[id] ?? id)} as of ${h(String(date))}`)
    .join(' · ');
  return [dates, ...warnings.map((w) => `<span class="warning">${h(w)}</span>`)].filter(Boolean).join('<br>');
}

const SOURCE_NAMES: Record<string, string> = {
  graph: 'Microsoft Graph',
  openid: 'Entra ID sign-in metadata',
  ldap: 'Active Directory (LDAP)',
  dns: 'DNS',
  http: 'HTTPS probes',
  gateway: 'MailStore Gateway (SMTP)',
  exo: 'Exchange Online',
};
/** Sources whose evidence is files an administrator exported, not a live connection. */
const EXPORTED = new Set(['exo']);

/** Which sources were read live, from exported files, failed, or were not configured. */
function sourcesHtml(sources: readonly SourceSummary[]): string {
  const name = (s: SourceSummary) => h(SOURCE_NAMES[s.id] ?? s.id);
  const groups: [string, SourceSummary[]][] = [
    ['Failed', sources.filter((s) => s.status === 'error')],
    ['Partly failed', sources.filter((s) => s.status === 'partial')],
    ['Live', sources.filter((s) => s.status === 'ok' && !EXPORTED.has(s.id))],
    ['Exported files', sources.filter((s) => s.status === 'ok' && EXPORTED.has(s.id))],
    ['Not configured', sources.filter((s) => s.status === 'not-configured')],
    ['Not needed', sources.filter((s) => s.status === 'not-needed')],
  ];
  const known = new Set(groups.flatMap(([, l]) => l));
  const other = sources.filter((s) => !known.has(s));
  const line = (label: string, list: SourceSummary[]) => {
    const causes = list.filter((s) => s.error);
    const head = `<b>${label}:</b> ${list.map(name).join(', ')}`;
    // A failure's cause can be a paragraph (an AADSTS text): one click away, open in print.
    return causes.length && (label === 'Failed' || label === 'Partly failed')
      ? `<li><details class="cause"><summary>${head}</summary>${causes.map((s) => `<p>${name(s)}: ${h(s.error!)}</p>`).join('')}</details></li>`
      : `<li>${head}</li>`;
  };
  return `<ul>${groups
    .filter(([, l]) => l.length)
    .map(([label, l]) => line(label, l))
    .join('')}${other.map((s) => `<li>${name(s)}: ${h(String(s.status))}</li>`).join('')}</ul>`;
}

function bannerHtml(result: ScanResult): string {
  const { title, detail } = verdictHeadline(result);
  const v = VERDICT_WORDS[result.verdict] ? result.verdict : 'incomplete';
  return `<section class="banner v-${v}" role="status" aria-label="Verdict">
<h2>${h(title)}</h2>
<p>${h(detail)}</p>
</section>`;
}

function blockersHtml(result: ScanResult): string {
  const list = blockers(result.checks);
  if (!list.length) return '';
  const fails = list.filter((c) => c.status === 'fail');
  const errors = list.filter((c) => c.status === 'error');
  const warns = list.filter((c) => c.status === 'warn');
  // Errors with one cause are one problem: one block naming the checks it stopped.
  const groups = new Map<string, CheckResult[]>();
  for (const c of errors) groups.set(errorCause(c), [...(groups.get(errorCause(c)) ?? []), c]);
  const errorBlocks = [...groups.entries()].map(([cause, checks]) =>
    checks.length === 1 ? issueHtml(checks[0]!, result) : errorGroupHtml(cause, checks, result),
  );
  const heading = fails.length
    ? 'What blocks archiving'
    : errors.length
      ? 'What could not be checked'
      : 'What to review';
  return `<section id="blockers" aria-label="${heading}">
<h2>${heading}</h2>
${[...fails.map((c) => issueHtml(c, result)), ...errorBlocks, ...warns.map((c) => issueHtml(c, result))].join('\n')}
</section>`;
}

function badge(status: string, text = STATUS_WORDS[status as keyof typeof STATUS_WORDS] ?? status): string {
  return `<span class="b ${h(status)}">${h(text)}</span>`;
}

/** `--baseline`: a badge for what is new, changed or fixed since then (unchanged has none). */
function baselineBadge(state: BaselineState | undefined, before = false): string {
  if (!state || state === 'unchanged') return '';
  const text = { new: 'New', changed: 'Changed', fixed: 'Fixed' }[state];
  return before
    ? `<span class="b since-${state}">${text}</span> `
    : ` <span class="b since-${state}">${text}</span>`;
}

function areaTitle(result: ScanResult, area: string): string {
  return result.areas.find((a) => a.id === area)?.title ?? area;
}

function issueHtml(c: CheckResult, result: ScanResult): string {
  const affected = c.findings.filter((f) => f.status !== 'pass');
  const passed = c.findings.length - affected.length;
  return `<article class="issue ${h(c.status)}" id="c-${h(c.id)}">
<h3>${badge(c.status)}${baselineBadge(c.baselineState)} ${h(c.message)}</h3>
<p class="id"><code>${h(c.id)}</code> · ${h(areaTitle(result, c.area))}</p>
${c.description ? `<p class="why"><b>Why it matters:</b> ${h(c.description)}</p>` : ''}
${c.reason ? `<p><b>${c.status === 'error' ? 'Cause' : 'Reason'}:</b> ${h(c.reason)}</p>` : ''}
${affected.length ? `<h4>Affected (${affected.length}${passed ? ` of ${c.findings.length}` : ''})</h4>${targetsHtml(affected)}` : ''}
${fixHtml(c)}
</article>`;
}

function errorGroupHtml(cause: string, checks: CheckResult[], result: ScanResult): string {
  const shown = checks.slice(0, MAX_TARGETS);
  const more = checks.length - shown.length;
  return `<article class="issue error" id="c-${h(checks[0]!.id)}">
<h3>${badge('error')} ${h(`${checks.length} checks could not run: ${cause}`)}</h3>
<p class="why"><b>Why it matters:</b> these checks could not decide anything, so readiness cannot be confirmed until the cause is fixed and the scan runs again.</p>
<h4>Checks affected (${checks.length})</h4>
<ul class="targets">${shown.map((c) => `<li id="c-${h(c.id)}">${baselineBadge(c.baselineState, true)}<code>${h(c.id)}</code> · ${h(c.title)} <span class="id">(${h(areaTitle(result, c.area))})</span></li>`).join('')}${more > 0 ? `<li class="more">… and ${more} more</li>` : ''}</ul>
</article>`;
}

function targetsHtml(findings: readonly ResultFinding[]): string {
  const order: Record<string, number> = { fail: 0, error: 1, warn: 2, info: 3, pass: 4 };
  const sorted = [...findings].sort((a, b) => (order[a.status] ?? 5) - (order[b.status] ?? 5));
  const shown = sorted.slice(0, MAX_TARGETS);
  const more = sorted.length - shown.length;
  return `<ul class="targets">${shown.map((f) => `<li>${findingHtml(f)}</li>`).join('')}${more > 0 ? `<li class="more">… and ${more} more</li>` : ''}</ul>`;
}

function findingHtml(f: ResultFinding): string {
  const exception = f.exception
    ? ` <span class="id">(accepted by exception: ${h(f.exception.reason)}${f.exception.expires ? `, until ${h(f.exception.expires)}` : ''}; was ${h(f.exception.originalStatus)})</span>`
    : '';
  const head = `${badge(f.status)}${baselineBadge(f.baselineState)} <b>${h(f.target.label)}</b>${f.message ? ` — ${h(f.message)}` : ''}${exception}`;
  const evidence = evidenceHtml(f.evidence);
  return evidence
    ? `${head}<details class="finding"><summary>Evidence</summary><div>${evidence}</div></details>`
    : head;
}

function fixHtml(c: CheckResult): string {
  const r = c.remediation;
  const code = (title: string, lines: string[] | undefined) =>
    lines?.length ? `<p>${title}:</p><pre><code>${h(lines.join('\n'))}</code></pre>` : '';
  return `<div class="fix"><h4>How to fix</h4><p>${h(r.text)}</p>${r.portal ? `<p>In the portal: <span class="portal">${h(r.portal)}</span></p>` : ''}${code('PowerShell', r.powershell)}${code('DNS records', r.dns)}${docsHtml(c.docs)}</div>`;
}

function docsHtml(docs: readonly string[]): string {
  if (!docs.length) return '';
  // Only web links become links: a javascript: or data: "document" stays text.
  const link = (d: string) =>
    /^https?:\/\/[^\s"'<>]+$/i.test(d) ? `<a href="${h(d)}" rel="noreferrer">${h(d)}</a>` : h(d);
  return `<p class="docs">Documentation: ${docs.map(link).join(' · ')}</p>`;
}

function areasHtml(result: ScanResult): string {
  if (!result.areas.length) return '';
  const chips = result.areas
    .map(
      (a) =>
        `<li><a href="#a-${h(a.id)}">${h(a.title)}</a> ${badge(a.verdict, VERDICT_WORDS[a.verdict] ?? a.verdict)}</li>`,
    )
    .join('');
  return `<section id="areas">
<h2>Results by area</h2>
<ul class="areas">${chips}</ul>
${result.areas.map((a) => areaHtml(result, a)).join('\n')}
</section>`;
}

function areaHtml(result: ScanResult, area: ScanResult['areas'][number]): string {
  const checks = result.checks.filter((c) => c.area === area.id);
  const s = area.summary;
  const counts = (['fail', 'error', 'warn', 'info', 'skipped', 'pass'] as const)
    .filter((k) => s[k])
    .map((k) => `${s[k]} ${STATUS_WORDS[k].toLowerCase()}`)
    .join(' · ');
  const open = checks.filter((c) => c.status !== 'pass');
  const passing = checks.filter((c) => c.status === 'pass');
  const item = (c: CheckResult) =>
    ['fail', 'error', 'warn'].includes(c.status)
      ? `<li>${badge(c.status)} <a href="#c-${h(c.id)}">${h(c.message)}</a> <span class="id">${h(c.id)}</span></li>`
      : `<li>${checkHtml(c)}</li>`;
  return `<section class="area" id="a-${h(area.id)}">
<h3>${h(area.title)} ${badge(area.verdict, VERDICT_WORDS[area.verdict] ?? area.verdict)}</h3>
<p class="counts">${counts || 'no checks'}</p>
${open.length ? `<ul class="checks">${open.map(item).join('')}</ul>` : ''}
${passing.length ? `<details class="passing"><summary>${passing.length} passing ${passing.length === 1 ? 'check' : 'checks'}</summary><ul class="checks">${passing.map((c) => `<li>${checkHtml(c)}</li>`).join('')}</ul></details>` : ''}
</section>`;
}

/** A check that needs no action (pass, info, skipped), collapsed: what it checked and what it saw. */
function checkHtml(c: CheckResult): string {
  const body = [
    c.description ? `<p class="why">${h(c.description)}</p>` : '',
    c.reason ? `<p><b>${c.status === 'skipped' ? 'Not run' : 'Reason'}:</b> ${h(c.reason)}</p>` : '',
    c.findings.length ? targetsHtml(c.findings) : '',
  ].join('');
  return `<details class="check" id="c-${h(c.id)}"><summary>${badge(c.status)} ${h(c.message)} <span class="id">${h(c.id)}</span></summary><div>${body || '<p class="nil">nothing more to show</p>'}</div></details>`;
}

function dateText(iso: string): string {
  const d = new Date(iso);
  if (!/^\d{4}-\d\d-\d\dT/.test(iso) || Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function durationText(ms: number): string {
  return ms < 1000
    ? `${Math.round(ms)} ms`
    : ms < 120_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms / 60_000)} min`;
}

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

/**
 * The HTML report as a customer sees it: opened from disk in real Chromium (Debian `chromium`,
 * .ci/apt-chromium.txt) through playwright-core. The pages and screenshots stay in out/chromium/.
 */
const CHROMIUM = process.env.HYBRIDSCAN_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = Boolean(process.env.CI || process.env.HYBRIDSCAN_REQUIRE_INTEGRATION);
const PRESENT = existsSync(CHROMIUM);
const MISSING = `Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/apt-chromium.txt), or set HYBRIDSCAN_CHROMIUM`;
const OUT_DIR = resolve('out/chromium');
const LAUNCH_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 60_000;
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

if (!PRESENT && !REQUIRED) console.warn(`SKIPPED HTML report in Chromium: ${MISSING}`);

/** Every kind of markup an attacker could plant in a display name, a DNS record or an error text. */
const PAYLOAD =
  `<img src=x onerror="window.__xss=1;alert(1)"></script><script>window.__xss=2;alert(2)</script>` +
  `<a href="javascript:window.__xss=3;alert(3)">click</a><svg onload=alert(4)></svg>` +
  `<iframe src="javascript:alert(5)"></iframe><style>body{display:none}</style>&amp;'"\u202e`;

/** Fields whose values are the scanner's own vocabulary, not strings from the environment. */
const STRUCTURAL = new Set([
  'status',
  'verdict',
  'severity',
  'area',
  'kind',
  'state',
  'originalStatus',
  'schemaVersion',
  'name',
]);

/** The result with the payload in every string the environment (or a snapshot file) supplies. */
function hostile(result: ScanResult): ScanResult {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return STRUCTURAL.has(key) ? value : `${value}${PAYLOAD}`;
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  const r = walk(result, '') as ScanResult;
  // Area ids are the scanner's own; everything else a check or snapshot carries is hostile.
  r.areas.forEach((a, i) => {
    a.id = result.areas[i]!.id;
  });
  r.target.organization = `Evil Ltd${PAYLOAD}`;
  r.startedAt = PAYLOAD;
  r.sources.push({ id: `x${PAYLOAD}`, status: 'error', requests: 0, error: PAYLOAD });
  for (const c of r.checks) {
    c.docs.push('javascript:alert(6)');
    for (const f of c.findings)
      f.evidence = { ...f.evidence, [`key${PAYLOAD}`]: { nested: [PAYLOAD, 'javascript:alert(7)'] } };
  }
  return r;
}

async function evaluated(scenario: string): Promise<ScanResult> {
  const io = memoryIo();
  const file = join('fixtures/golden', `${scenario}.snapshot.json`);
  await main(['node', 'hybridscan', 'evaluate', file, '--format', 'json', '--quiet'], io);
  return JSON.parse(io.out()) as ScanResult;
}

const golden = (name: string) =>
  JSON.parse(readFileSync(`fixtures/golden/${name}.result.json`, 'utf8')) as ScanResult;

/** Writes the report where a customer would have it and returns its file:// URL. */
function save(name: string, result: ScanResult): string {
  const file = join(OUT_DIR, `${name}.html`);
  writeFileSync(file, renderHtml(result));
  return pathToFileURL(file).href;
}

if (!PRESENT && REQUIRED)
  describe('HTML report in Chromium', () => {
    it('needs Chromium', () => {
      throw new Error(MISSING);
    });
  });

describe.runIf(PRESENT)('HTML report in real Chromium', () => {
  let browser: Browser;
  const reports: Record<string, ScanResult> = {};

  beforeAll(async () => {
    rmSync(OUT_DIR, { recursive: true, force: true });
    mkdirSync(OUT_DIR, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, timeout: LAUNCH_TIMEOUT_MS });
    reports['graph-app-misconfigured'] = golden('graph-app-misconfigured');
    reports['journal-gateway-internal'] = golden('journal-gateway-internal');
    reports['contoso-ready'] = golden('contoso-ready');
    // Fails plus 17 errors from one sign-in failure: the longest blocker list of the demo.
    reports['contoso-gcc-high'] = await evaluated('contoso-gcc-high');
  }, LAUNCH_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await browser?.close();
    console.log(`HTML report screenshots: ${OUT_DIR}`);
  });

  async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(15_000);
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  const names = ['graph-app-misconfigured', 'journal-gateway-internal', 'contoso-ready', 'contoso-gcc-high'];

  for (const name of names) {
    for (const viewport of WIDTHS) {
      it(
        `${name} at ${viewport.width} px: no horizontal overflow; the verdict and the first blocker without scrolling`,
        async () => {
          const result = reports[name]!;
          const page = await open(save(name, result), viewport);
          try {
            const m = await page.evaluate(() => {
              const box = (sel: string) => {
                const r = document.querySelector(sel)?.getBoundingClientRect();
                return r ? { top: r.top, bottom: r.bottom } : null;
              };
              // Every disclosure open: evidence and raw JSON must wrap too.
              for (const d of document.querySelectorAll('details')) d.open = true;
              const openWidth = document.documentElement.scrollWidth;
              for (const d of document.querySelectorAll('details')) d.open = false;
              return {
                scrollWidth: document.documentElement.scrollWidth,
                openWidth,
                innerWidth,
                innerHeight,
                banner: box('.banner'),
                bannerText: document.querySelector('.banner h2')?.textContent ?? '',
                blocker: box('#blockers .issue h3'),
              };
            });
            expect(m.scrollWidth, 'page wider than the window').toBeLessThanOrEqual(m.innerWidth);
            expect(m.openWidth, 'page wider than the window with every disclosure open').toBeLessThanOrEqual(
              m.innerWidth,
            );
            expect(m.banner!.top).toBeGreaterThanOrEqual(0);
            expect(m.banner!.bottom).toBeLessThanOrEqual(m.innerHeight);
            expect(m.bannerText).toMatch(/^(Not ready|Ready|Ready with warnings|Incomplete)[: ]/);
            if (result.verdict === 'ready') expect(m.blocker).toBeNull();
            else expect(m.blocker!.bottom, 'first blocker below the fold').toBeLessThanOrEqual(m.innerHeight);
            console.log(
              `${name} @${viewport.width}: scrollWidth ${m.scrollWidth} (open ${m.openWidth}), banner ${Math.round(m.banner!.bottom)} px, first blocker ${m.blocker ? Math.round(m.blocker.bottom) : '-'} px of ${m.innerHeight}`,
            );
            await page.screenshot({ path: join(OUT_DIR, `${name}-${viewport.width}.png`) });
            if (name === 'graph-app-misconfigured' && viewport.width === 1280)
              await page.screenshot({
                path: join(OUT_DIR, `${name}-${viewport.width}-full.png`),
                fullPage: true,
              });
          } finally {
            await page.close();
          }
        },
        TEST_TIMEOUT_MS,
      );
    }
  }

  it(
    'an XSS payload in every environment string is inert and shows as text',
    async () => {
      const base = reports['contoso-gcc-high']!;
      const evil = hostile({
        ...base,
        checks: [...base.checks, ...reports['graph-app-misconfigured']!.checks],
      });
      const url = save('hostile', evil);
      for (const viewport of WIDTHS) {
        const page = await browser.newPage({ viewport });
        const dialogs: string[] = [];
        const consoleLines: string[] = [];
        const requests: string[] = [];
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
        page.on('console', (msg) => consoleLines.push(msg.text()));
        page.on('pageerror', (err) => consoleLines.push(err.message));
        page.on('request', (req) => requests.push(req.url()));
        try {
          await page.goto(url, { waitUntil: 'load' });
          const dom = await page.evaluate(() => {
            for (const d of document.querySelectorAll('details')) d.open = true;
            const handlers: string[] = [];
            for (const el of document.querySelectorAll('*'))
              for (const a of el.getAttributeNames())
                if (a.startsWith('on') || /^\s*(javascript|data|vbscript):/i.test(el.getAttribute(a) ?? ''))
                  handlers.push(`${el.tagName} ${a}`);
            return {
              xss: (window as unknown as { __xss?: number }).__xss,
              planted: document.querySelectorAll(
                'script,img,svg,iframe,object,embed,form,input,link,base,meta[http-equiv=refresh]',
              ).length,
              styles: document.querySelectorAll('style').length,
              handlers,
              links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''),
              h1: document.querySelector('h1')?.textContent ?? '',
              // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered is what a reader sees
              text: document.body.innerText,
              visible: document.body.offsetHeight > 0,
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth,
            };
          });
          // Opening disclosures by hand runs nothing either.
          await page.evaluate(() => {
            for (const d of document.querySelectorAll('details')) d.open = false;
          });
          for (let i = 0; i < 12; i++)
            await page.locator('details:not([open]) > summary:visible').first().click({ timeout: 5000 });
          expect(dialogs).toEqual([]);
          expect(dom.xss).toBeUndefined();
          expect(dom.planted).toBe(0);
          expect(dom.styles).toBe(1);
          expect(dom.handlers).toEqual([]);
          for (const href of dom.links) expect(href).toMatch(/^(#|https?:\/\/)/);
          expect(dom.visible).toBe(true);
          expect(dom.h1).toContain('Evil Ltd<img src=x onerror="window.__xss=1;alert(1)">');
          expect(dom.text).toContain('<script>window.__xss=2;alert(2)</script>');
          expect(dom.text).toContain('javascript:alert(6)');
          // The bidi override is shown by its code point, never obeyed.
          expect(dom.text).toContain('\\u202e');
          expect(dom.text).not.toContain('\u202e');
          // Escaped markup triggers no CSP violation: nothing even tried to run or load.
          expect(consoleLines).toEqual([]);
          expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
          expect(dom.scrollWidth).toBeLessThanOrEqual(dom.innerWidth);
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(OUT_DIR, `hostile-${viewport.width}.png`) });
        } finally {
          await page.close();
        }
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'prints to A4 with the disclosures open',
    async () => {
      const page = await open(save('print', reports['graph-app-misconfigured']!), {
        width: 1280,
        height: 800,
      });
      try {
        // A closed disclosure whose box is no taller than its summary shows nothing but the summary.
        const hidden = () =>
          page.evaluate(
            () =>
              [...document.querySelectorAll('details:not([open])')].filter((d) => {
                const summary = d.querySelector(':scope > summary')?.getBoundingClientRect().height ?? 0;
                return d.getBoundingClientRect().height <= summary + 1;
              }).length,
          );
        expect(await hidden()).toBeGreaterThan(0);
        await page.emulateMedia({ media: 'print' });
        expect(await hidden()).toBe(0);
        const pdf = await page.pdf({ path: join(OUT_DIR, 'graph-app-misconfigured.pdf'), format: 'A4' });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      } finally {
        await page.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});

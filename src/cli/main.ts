import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { FORMATS, parseFormats } from '../../reports/formats.ts';
import type { LoadedConfig } from '../config/load.ts';
import { versionWithKnowledge } from '../engine/knowledge.ts';
import type { FailOn } from '../engine/verdict.ts';
import { exitCodeOf } from '../pipeline/exit-code.ts';
import { describeError, UsageError } from '../util/errors.ts';
import { TOOL_VERSION } from '../version.ts';
import type { ScriptShell } from './app-script.ts';
import { type CliIo, columnsOf, processIo } from './io.ts';
import type { CollectFlags, OutputFlags } from './run-scan.ts';

// Each command loads what it uses when it runs (`await import`): `--version` and `--help` load
// almost nothing, and a scan does not load the renderers, the simulator or the snapshot tools
// before its first request.

interface RawOutputFlags {
  format: string;
  out?: string;
  failOn: FailOn | 'new';
  baseline?: string;
  only?: string;
  skip?: string;
  quiet?: boolean;
  verbose?: boolean;
  timeout?: string;
  saveSnapshot?: string;
  anonymize?: boolean;
}

const DEFAULT_CONFIG = 'hybridscan.yaml';

const TOP_LEVEL_HELP = `
Examples:
  hybridscan demo                                  a simulated hybrid, no setup
  hybridscan init                                  asks, writes hybridscan.yaml
  hybridscan permissions                           what the scan needs
  hybridscan permissions --script > app.sh         script: create the scan app
  hybridscan scan --format console,json,html --out reports
  hybridscan scan --format json > result.json      the result as JSON on stdout
  hybridscan explain app.required-permissions --result reports/hybridscan.json
  hybridscan diff last.json result.json            what changed; exit 1 if worse
  hybridscan scan --baseline last.json --fail-on new   fail on regressions only

Exit codes:
  0  nothing at or above --fail-on (default fail): ready, or ready with warnings
  1  findings at or above --fail-on (not ready)
  2  usage or configuration error; nothing was scanned
  3  scan incomplete (a check errored, a source failed, Ctrl-C, --timeout)
     and nothing at or above --fail-on

Environment:
  HYBRIDSCAN_CLIENT_SECRET   the scan app's secret, read by the config template:
                             clientSecret: \${HYBRIDSCAN_CLIENT_SECRET}
  HYBRIDSCAN_LDAP_PASSWORD   the LDAP bind password, as the template reads it:
                             password: \${HYBRIDSCAN_LDAP_PASSWORD}
                             (any \${NAME} in the config reads the variable NAME)
  HYBRIDSCAN_ANONYMIZE_KEY   the key of --anonymize and anonymize --lookup
  NO_COLOR                   no colour anywhere (also FORCE_COLOR=0, TERM=dumb)
  CI                         no progress spinner
  COLUMNS                    layout width when not on a terminal (default 80)
`;

function addOutputFlags(cmd: Command): Command {
  return cmd
    .option('--format <list>', `report formats, comma-separated (${FORMATS.join(', ')})`, 'console')
    .option('--out <dir>', 'write each format to DIR/hybridscan.<ext> instead of stdout')
    .addOption(
      new Option(
        '--fail-on <level>',
        'lowest status that makes the exit code 1; new: only fails new since --baseline',
      )
        .choices(['fail', 'warn', 'never', 'new'])
        .default('fail'),
    )
    .option('--baseline <file>', 'mark each finding new, changed, unchanged or fixed against this result')
    .option('--only <ids>', 'run only these checks (comma-separated ids, area names or area.*)')
    .option('--skip <ids>', 'skip these checks (same forms as --only)')
    .option('--quiet', 'no console report or progress, only files and the exit code')
    .option('--verbose', 'list passing checks too, and show stack traces of internal errors');
}

function addCollectFlags(cmd: Command): Command {
  return cmd
    .option('--timeout <seconds>', 'deadline in seconds for each stage: collection, then evaluation')
    .option('--save-snapshot <file>', 'also save the collected evidence as a snapshot')
    .option(
      '--anonymize',
      'replace user, address and host names with keyed hashes (key: HYBRIDSCAN_ANONYMIZE_KEY)',
    );
}

async function outputFlags(raw: RawOutputFlags, io?: CliIo): Promise<OutputFlags & CollectFlags> {
  const list = (v?: string) =>
    v
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  let timeoutMs: number | undefined;
  if (raw.timeout !== undefined) {
    const seconds = Number(raw.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new UsageError(`--timeout: expected a positive number of seconds, got "${raw.timeout}"`);
    timeoutMs = seconds * 1000;
  }
  const formats = parseFormats(raw.format);
  if (!raw.out && formats.filter((f) => f !== 'console').length > 1) {
    throw new UsageError(
      `--format ${formats.join(',')}: only one machine format fits on stdout; add --out DIR to write each to a file`,
    );
  }
  if (io) {
    const { checkOutputPaths } = await import('./run-scan.ts');
    checkOutputPaths(raw, io);
  }
  if (raw.failOn === 'new' && !raw.baseline)
    throw new UsageError('--fail-on new compares with the last result: add --baseline previous.json');
  const baseline = raw.baseline
    ? { file: raw.baseline, result: await readResult(resolve(io?.cwd ?? '.', raw.baseline)) }
    : undefined;
  return {
    formats,
    out: raw.out,
    failOn: raw.failOn,
    baseline,
    only: list(raw.only),
    skip: list(raw.skip),
    quiet: Boolean(raw.quiet),
    verbose: Boolean(raw.verbose),
    timeoutMs,
    saveSnapshot: raw.saveSnapshot,
    anonymize: Boolean(raw.anonymize),
  };
}

async function loadConfigFlag(file: string | undefined, io: CliIo): Promise<LoadedConfig> {
  const { loadConfigFile } = await import('../config/load.ts');
  return loadConfigFile(resolve(io.cwd, file ?? DEFAULT_CONFIG), io.env);
}

async function readResult(path: string) {
  const { loadResult } = await import('../snapshot/io.ts');
  return loadResult(path);
}

async function readSnapshot(path: string) {
  const { loadSnapshot } = await import('../snapshot/io.ts');
  return loadSnapshot(path);
}

async function loadChecksOf(plugins: readonly string[]) {
  const { loadChecks } = await import('../engine/registry.ts');
  return loadChecks(plugins);
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('hybridscan')
    .description(
      'Is this Exchange hybrid ready to be archived? Reads Graph, AD, DNS and Autodiscover; changes nothing.',
    )
    .version(versionWithKnowledge(TOOL_VERSION))
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText('after', TOP_LEVEL_HELP);

  addCollectFlags(
    addOutputFlags(
      program
        .command('scan')
        .description('collect from every configured source, then evaluate and report')
        .option('-c, --config <file>', 'config file (YAML or JSON)', DEFAULT_CONFIG),
    ),
  ).action(async (opts: RawOutputFlags & { config: string }) => {
    const flags = await outputFlags(opts, io);
    const loaded = await loadConfigFlag(opts.config, io);
    const { scanAndReport } = await import('./run-scan.ts');
    setExit(await scanAndReport(loaded, flags, io));
  });

  addCollectFlags(
    addOutputFlags(
      program
        .command('demo')
        .description('scan a simulated hybrid on loopback (no setup, no network)')
        .option('--scenario <name>', 'which simulated environment', 'contoso-ready')
        .option('--list', 'list the scenarios and exit'),
    ),
  ).action(async (opts: RawOutputFlags & { scenario: string; list?: boolean }) => {
    if (opts.list) {
      const { listScenarios } = await import('../simulator/scenario.ts');
      for (const s of listScenarios()) io.stdout.write(`${s.name.padEnd(28)} ${s.description}\n`);
      return;
    }
    const flags = await outputFlags(opts, io);
    const { startSimulation } = await import('../simulator/index.ts');
    const { parseConfig } = await import('../config/load.ts');
    const { scanAndReport } = await import('./run-scan.ts');
    const { wrap } = await import('../util/width.ts');
    const sim = await startSimulation(opts.scenario);
    try {
      if (!flags.quiet) {
        const banner = `Demo: scenario ${sim.scenario.name}: ${sim.scenario.description}`;
        io.stderr.write(`${wrap(banner, columnsOf(io.stderr, io), '', '  ').join('\n')}\n`);
      }
      const loaded = parseConfig(sim.config, `demo scenario ${sim.scenario.name}`, sim.scenario.dirs[0]!, {
        ...io.env,
        ...sim.env,
      });
      setExit(await scanAndReport(loaded, flags, io));
    } finally {
      await sim.stop();
    }
  });

  program
    .command('collect')
    .description('gather evidence only and save it as a snapshot')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .requiredOption('--out <file>', 'snapshot file to write')
    .option('--timeout <seconds>', 'deadline in seconds for each stage: collection, then evaluation')
    .option('--quiet', 'no progress output')
    .option(
      '--anonymize',
      'replace user, address and host names with keyed hashes (key: HYBRIDSCAN_ANONYMIZE_KEY)',
    )
    .action(
      async (opts: {
        config: string;
        out: string;
        timeout?: string;
        quiet?: boolean;
        anonymize?: boolean;
      }) => {
        const { checkPathFlag, cliHooks } = await import('./run-scan.ts');
        checkPathFlag('--out', opts.out, 'file', io);
        const loaded = await loadConfigFlag(opts.config, io);
        const { timeoutMs } = await outputFlags({ format: 'console', failOn: 'fail', timeout: opts.timeout });
        const { startProgress } = await import('./io.ts');
        const { collect } = await import('../pipeline.ts');
        const progress = startProgress(io, Boolean(opts.quiet));
        try {
          const { snapshot, exitCode } = await collect(
            { loaded, timeoutMs, anonymize: opts.anonymize, saveSnapshot: opts.out },
            cliHooks(io, progress),
          );
          const errors = Object.values(snapshot.artifacts).filter((a) => a.status === 'error').length;
          io.stderr.write(
            `Snapshot written to ${opts.out}: ${Object.keys(snapshot.artifacts).length} artifacts, ${errors} errors\n`,
          );
          setExit(exitCode);
        } finally {
          progress.stop();
        }
      },
    );

  addOutputFlags(
    program
      .command('evaluate')
      .description('audit a saved snapshot offline')
      .argument('<snapshot>', 'snapshot file written by collect or scan --save-snapshot')
      .option(
        '-c, --config <file>',
        "judge with this config (severities, exceptions) instead of the snapshot's",
      ),
  ).action(async (file: string, opts: RawOutputFlags & { config?: string }) => {
    const flags = await outputFlags(opts, io);
    const snapshot = await readSnapshot(resolve(io.cwd, file));
    // Only a config the user names may load plugins; the snapshot's own config is untrusted data.
    const config = opts.config ? await loadConfigFlag(opts.config, io) : undefined;
    const { evaluateAndReport } = await import('./run-scan.ts');
    setExit(await evaluateAndReport(snapshot, config, file, flags, io));
  });

  program
    .command('anonymize')
    .description('anonymize a saved snapshot for a support ticket, or look up the token of a name')
    .argument('[snapshot]', 'snapshot file')
    .option('--out <file>', 'where to write the anonymized snapshot')
    .option('--lookup <name...>', 'print the tokens these names (user, address, host) get under the key')
    .action(async (file: string | undefined, opts: { out?: string; lookup?: string[] }) => {
      const { Anonymizer, anonymizeKey, orgDomainsOf } = await import('../snapshot/anonymize.ts');
      if (opts.lookup) {
        const { key, generated } = anonymizeKey(io.env);
        if (generated) throw new UsageError('--lookup needs the key: set HYBRIDSCAN_ANONYMIZE_KEY');
        const snapshot = file ? await readSnapshot(resolve(io.cwd, file)) : undefined;
        const anonymizer = new Anonymizer(
          key,
          snapshot ? orgDomainsOf(snapshot) : opts.lookup.flatMap(domainsOfName),
        );
        for (const name of opts.lookup)
          io.stdout.write(`${name}\t${anonymizer.text(name)}\t${anonymizer.token(name, 'n')}\n`);
        return;
      }
      if (!file || !opts.out)
        throw new UsageError('anonymize needs a snapshot and --out FILE (or --lookup NAME)');
      const { anonymizeWithNotice } = await import('../pipeline.ts');
      const { cliHooks } = await import('./run-scan.ts');
      const { saveSnapshot } = await import('../snapshot/io.ts');
      const snapshot = anonymizeWithNotice(await readSnapshot(resolve(io.cwd, file)), cliHooks(io));
      saveSnapshot(resolve(io.cwd, opts.out), snapshot);
      io.stderr.write(`Anonymized snapshot written to ${opts.out}\n`);
    });

  program
    .command('diff')
    .description('what changed between two JSON results (exit 1 when something got worse)')
    .argument('<old>', 'earlier result (hybridscan.json)')
    .argument('<new>', 'later result')
    .option('--json', 'machine-readable')
    .action(async (oldFile: string, newFile: string, opts: { json?: boolean }) => {
      const { diffResults } = await import('../engine/diff.ts');
      const { renderDiff } = await import('../../reports/diff.ts');
      const older = await readResult(resolve(io.cwd, oldFile));
      const diff = diffResults(older, await readResult(resolve(io.cwd, newFile)));
      io.stdout.write(renderDiff(diff, Boolean(opts.json)));
      setExit(exitCodeOf({ kind: 'compared', regressed: diff.regressed.length > 0 }));
    });

  program
    .command('checks')
    .description('list every check with its area, severity and data sources')
    .option('--json', 'machine-readable (same as --format json)')
    .addOption(
      new Option('--format <format>', 'table, json, or md (the catalogue as Markdown)')
        .choices(['table', 'json', 'md'])
        .default('table'),
    )
    .option('-c, --config <file>', 'also load the plugins this config names')
    .action(async (opts: { json?: boolean; format: 'table' | 'json' | 'md'; config?: string }) => {
      const plugins = opts.config ? (await loadConfigFlag(opts.config, io)).config.plugins : [];
      const checks = await loadChecksOf(plugins);
      const { renderCatalogueMarkdown } = await import('./catalogue-md.ts');
      const { renderChecks } = await import('./listing.ts');
      if (opts.format === 'md') io.stdout.write(renderCatalogueMarkdown(checks));
      else
        io.stdout.write(
          renderChecks(checks, Boolean(opts.json) || opts.format === 'json', columnsOf(io.stdout, io)),
        );
    });

  program
    .command('explain')
    .description('one check in full: why it matters, what it reads, permissions, rule, fix, docs')
    .argument('<id>', 'check id, e.g. app.required-permissions (`hybridscan checks` lists them)')
    .option('--result <file>', "also print this check's findings in full from a saved JSON result")
    .option('-c, --config <file>', 'also load the plugins this config names')
    .action(async (id: string, opts: { result?: string; config?: string }) => {
      // The result file is read first: a bad file is a usage error before anything is printed.
      const result = opts.result ? await readResult(resolve(io.cwd, opts.result)) : undefined;
      const plugins = opts.config ? (await loadConfigFlag(opts.config, io)).config.plugins : [];
      const { findCheck, renderExplain, resultEntry } = await import('./explain.ts');
      const check = findCheck(await loadChecksOf(plugins), id);
      const entry = result && opts.result ? resultEntry(result, opts.result, check.id) : undefined;
      io.stdout.write(renderExplain(check, columnsOf(io.stdout, io), entry));
    });

  program
    .command('permissions')
    .description('least privilege the enabled checks need, or a script that creates the scan app')
    .option(
      '-c, --config <file>',
      `config whose enabled checks to consider (default: ./${DEFAULT_CONFIG} if it exists)`,
    )
    .option('--json', 'machine-readable')
    .option('--script', 'print one script that creates the scan app registration with these permissions')
    .addOption(
      new Option('--shell <shell>', 'the script language (default: pwsh on Windows, else azure-cli)').choices(
        ['azure-cli', 'pwsh'],
      ),
    )
    .action(async (opts: { config?: string; json?: boolean; script?: boolean; shell?: ScriptShell }) => {
      // Secrets are not needed to say what to grant: an unset ${NAME} does not stop this command.
      const file = opts.config ?? (existsSync(resolve(io.cwd, DEFAULT_CONFIG)) ? DEFAULT_CONFIG : undefined);
      const { loadConfigLenient } = await import('../config/lenient.ts');
      const lenient = file ? loadConfigLenient(resolve(io.cwd, file), io.env) : undefined;
      const config = lenient?.loaded.config;
      const checks = await loadChecksOf(config?.plugins ?? []);
      const { renderPermissions, renderPermissionsScript } = await import('./listing.ts');
      if (opts.script || opts.shell) {
        const shell = opts.shell ?? (process.platform === 'win32' ? 'pwsh' : 'azure-cli');
        io.stdout.write(renderPermissionsScript(checks, config, shell));
        return;
      }
      io.stdout.write(
        renderPermissions(checks, config, Boolean(opts.json), { source: file, unset: lenient?.unset }),
      );
    });

  program
    .command('init')
    .description('write hybridscan.yaml: asks for the tenant, DC and MailStore app on a terminal')
    .option('--out <file>', 'where to write it ("-" for stdout)', DEFAULT_CONFIG)
    .option('--force', 'overwrite an existing file')
    .option('--tenant <domain|id>', 'the tenant (initial domain or tenant id)')
    .option('--dc <host>', 'the on-premises domain controller for LDAPS (host[:port] or ldaps://host)')
    .option('--app-id <guid>', "the MailStore app registration's Application (client) ID")
    .option('--gateway <address>', "the MailStore Gateway's external journal address")
    .action(
      async (opts: {
        out: string;
        force?: boolean;
        tenant?: string;
        dc?: string;
        appId?: string;
        gateway?: string;
      }) => {
        const { answersFromFlags, canPrompt, fillTemplate, promptAnswers } = await import('./init.ts');
        // Flags are checked first: a bad one is exit 2 before any question is asked.
        const given = answersFromFlags(opts);
        const file = opts.out === '-' ? undefined : resolve(io.cwd, opts.out);
        if (file && existsSync(file) && !opts.force)
          throw new UsageError(`${opts.out} exists; use --force to overwrite it`);
        const answers = canPrompt(io) && opts.out !== '-' ? await promptAnswers(io, given) : given;
        const text = fillTemplate(answers);
        if (!file) {
          io.stdout.write(text);
          return;
        }
        writeFileSync(file, text);
        io.stderr.write(
          `Wrote ${opts.out}. Next: hybridscan permissions --script > hybridscan-app.sh (creates the scan app and prints its clientId), put the clientId in ${opts.out}, set HYBRIDSCAN_CLIENT_SECRET, then: hybridscan scan --config ${opts.out}\n`,
        );
      },
    );

  return program;
}

/** Runs the CLI and returns the exit code of the contract (0, 1, 2, 3). */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "exit" with 0; every parse error is a usage error.
      return err.exitCode === 0 ? 0 : exitCodeOf({ kind: 'usage-error' });
    }
    if (err instanceof UsageError) {
      io.stderr.write(`hybridscan: ${err.message}\n`);
      return exitCodeOf({ kind: 'usage-error' });
    }
    // A stack trace is for whoever debugs hybridscan, not for the admin running it: only with --verbose.
    const stack = argv.includes('--verbose') && err instanceof Error && err.stack ? `${err.stack}\n` : '';
    io.stderr.write(`hybridscan: internal error: ${describeError(err)}\n${stack}`);
    return exitCodeOf({ kind: 'usage-error' });
  }
}

/** Without a snapshot, the domain of an address or host name is taken as the organisation's. */
function domainsOfName(name: string): string[] {
  const domain = name.includes('@') ? name.split('@')[1]! : name.split('.').slice(-2).join('.');
  return domain.includes('.') ? [domain] : [];
}

/**
 * How the bench runs its measured children (bench/collect-child.ts for the collectors, the floors
 * and the full scan; bench/evaluate-child.ts): compiled, as the product ships. At bench start
 * scripts/build.js bundles them (`--entry`: the product build's options and plugins, the discovered
 * checks, collectors and simulated services included) into .tmp/ inside the work tree, where the
 * few external packages resolve from node_modules/ as they do from dist/; each child is then
 * `node <bundle>.js ARG`. tsx's loader (a worker thread, sources compiled on the fly) would add its
 * own memory and CPU to every measurement. Where esbuild is not installed, the children run
 * through tsx, and the results say so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

type ChildName = 'collect-child' | 'evaluate-child';

export interface Children {
  /** true: the bundles; false: the sources through tsx. */
  compiled: boolean;
  /** How they run, for the results. */
  how: string;
  /** The node arguments (after node's own flags) that run `child` with `arg`. */
  args(child: ChildName, arg: string): string[];
  /** The arguments of the same child through tsx (to compare the compiled one against). */
  tsxArgs(child: ChildName, arg: string): string[];
  /** Removes the bundles. */
  dispose(): void;
}

/**
 * This process's peak RSS (MB), for the children to report: VmHWM, the high-water mark of its
 * resident set (/proc/self/status, Linux), else getrusage's maxrss. Not maxrss on Linux: it is
 * carried across exec, so a child's would be at least the RSS the bench process had when it forked it.
 */
export function peakRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    // no /proc: not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

const NAMES: ChildName[] = ['collect-child', 'evaluate-child'];
const tsxArgs = (child: ChildName, arg: string) => ['bin/run-ts.js', `bench/${child}.ts`, arg];

export async function compileChildren(): Promise<Children> {
  const tsx = (reason: string): Children => ({
    compiled: false,
    how: `through tsx (${reason}), not compiled as the product ships: tsx's loader adds to each child's memory and CPU`,
    args: tsxArgs,
    tsxArgs,
    dispose: () => {},
  });
  try {
    await import('esbuild');
  } catch {
    return tsx('esbuild is not installed');
  }
  mkdirSync(resolve('.tmp'), { recursive: true });
  const dir = mkdtempSync(resolve('.tmp', 'bench-children-'));
  try {
    execFileSync(
      process.execPath,
      ['scripts/build.js', '--out', dir, ...NAMES.flatMap((n) => ['--entry', `${n}=bench/${n}.ts`])],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    compiled: true,
    how: 'compiled: bundled at bench start by scripts/build.js (`--entry`, the product build) and run by node, as the product ships, no tsx',
    args: (child, arg) => [join(dir, 'bundle', `${child}.js`), arg],
    tsxArgs,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

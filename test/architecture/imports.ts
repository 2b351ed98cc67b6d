import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** A layer of DESIGN.md's table, recognised by path (relative to the repository root, `/`-separated). */
export type Layer =
  | 'cli'
  | 'pipeline'
  | 'sources'
  | 'evidence'
  | 'snapshot'
  | 'model'
  | 'engine'
  | 'checks'
  | 'reports'
  | 'simulator'
  | 'config'
  | 'util'
  | 'sdk'
  | 'other';

export function layerOf(file: string): Layer {
  const top = file.split('/');
  if (top[0] === 'checks') return 'checks';
  if (top[0] === 'reports') return 'reports';
  if (top[0] !== 'src') return 'other';
  if (file === 'src/pipeline.ts') return 'pipeline';
  if (file === 'src/index.ts') return 'sdk';
  const known = ['cli', 'sources', 'evidence', 'snapshot', 'model', 'engine', 'simulator', 'config', 'util'];
  return known.includes(top[1] ?? '') ? (top[1] as Layer) : 'other';
}

/** Node modules that reach the outside world: checks never use them; the model only reads its data. */
export const IO_MODULES = [
  'fs',
  'net',
  'http',
  'https',
  'http2',
  'tls',
  'dgram',
  'dns',
  'child_process',
  'worker_threads',
];

/** Layer → layers (and `node:` I/O) it must never import, from DESIGN.md "Layers and what may import what". */
export const FORBIDDEN: Partial<Record<Layer, { layers: Layer[]; io?: string[] }>> = {
  pipeline: { layers: ['cli'] },
  sources: { layers: ['checks', 'reports', 'engine', 'simulator', 'cli', 'pipeline'] },
  evidence: { layers: ['sources', 'checks', 'reports', 'engine', 'model', 'cli', 'pipeline', 'simulator'] },
  snapshot: { layers: ['sources', 'checks', 'reports', 'cli', 'pipeline', 'simulator'] },
  model: {
    layers: ['sources', 'checks', 'reports', 'engine', 'cli', 'pipeline', 'simulator'],
    io: IO_MODULES,
  },
  engine: { layers: ['cli', 'sources', 'reports', 'pipeline', 'simulator', 'checks'] },
  checks: { layers: ['sources', 'reports', 'cli', 'pipeline', 'simulator', 'snapshot'], io: IO_MODULES },
  reports: { layers: ['sources', 'checks', 'cli', 'pipeline', 'simulator', 'model'] },
  sdk: { layers: ['sources', 'cli', 'pipeline', 'reports', 'simulator'] },
};

const SPECIFIER =
  /(?:^|[^\w$.])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every module specifier a file imports, statically or with `import()`. */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

/** The violations of one file, as `file → import` lines. */
export function violationsOf(file: string, source: string): string[] {
  const rule = FORBIDDEN[layerOf(file)];
  if (!rule) return [];
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('node:') || IO_MODULES.includes(spec.split('/')[0]!)) {
      const mod = spec.replace(/^node:/, '').split('/')[0]!;
      if (rule.io?.includes(mod)) out.push(`${file} → ${spec}`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = normalize(join(dirname(file), spec))
      .split('\\')
      .join('/');
    if (rule.layers.includes(layerOf(target))) out.push(`${file} → ${spec} (${layerOf(target)})`);
  }
  return out;
}

export function readRelative(root: string, file: string): string {
  return readFileSync(join(root, file), 'utf8');
}

export function relativeTo(root: string, file: string): string {
  return relative(root, file).split('\\').join('/');
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The import graph runs one way (docs/design.md §1): contracts and microcache at the bottom, the service kit on
// them, the services and the web app on the kit, the test environment on the services' public entries, and tests
// on top. Nothing imports a unit at its own level or above it, nothing reaches into another unit's files by a
// relative path, and no file imports itself back through others (type-only imports count too: a circle of types is
// still a knot a reader has to untie).

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Each unit, its level (a unit may import only units of a lower level), and the folders holding its code. */
const UNITS: { name: string; level: number; dirs: string[] }[] = [
  { name: 'contracts', level: 0, dirs: ['packages/contracts/src'] },
  { name: 'microcache', level: 0, dirs: ['packages/microcache/src'] },
  { name: 'service-kit', level: 1, dirs: ['packages/service-kit/src'] },
  ...['auth', 'users', 'products', 'orders', 'emails'].map((s) => ({ name: s, level: 2, dirs: [`services/${s}/src`] })),
  { name: 'web', level: 2, dirs: ['web/src'] },
  { name: 'test-env', level: 3, dirs: ['packages/test-env/src'] },
];
/** Tests stand above everything; each may also import its own unit's sources. */
const TEST_DIRS: { dir: string; unit?: string }[] = [
  { dir: 'packages/contracts/test', unit: 'contracts' },
  { dir: 'packages/microcache/test', unit: 'microcache' },
  { dir: 'packages/service-kit/test', unit: 'service-kit' },
  ...['auth', 'users', 'products', 'orders', 'emails'].map((s) => ({ dir: `services/${s}/test`, unit: s })),
  { dir: 'web/test', unit: 'web' },
  { dir: 'e2e' },
  { dir: 'deploy/test' },
  { dir: 'scripts/test' },
];
/** Package names of the units, as imported. */
const PACKAGE_UNIT: Record<string, string> = {
  '@marketshare/contracts': 'contracts',
  '@marketshare/microcache': 'microcache',
  '@marketshare/service-kit': 'service-kit',
  '@marketshare/test-env': 'test-env',
  '@marketshare/auth': 'auth',
  '@marketshare/users': 'users',
  '@marketshare/products': 'products',
  '@marketshare/orders': 'orders',
  '@marketshare/emails': 'emails',
  '@marketshare/web': 'web',
};

const CODE = /\.(ts|tsx|mts|mjs|js)$/;

function filesUnder(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name === '.next' || e.name.startsWith('.')) return [];
    const rel = `${dir}/${e.name}`;
    return e.isDirectory() ? filesUnder(rel) : CODE.test(e.name) && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Module specifiers a file imports: static and dynamic imports, re-exports and side-effect imports. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found = new Set<string>();
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]!);
  return [...found];
}

/** The file a relative specifier names (TypeScript's `.js` for `.ts`, or a folder's index), if it exists. */
function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(root, dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.mjs`, `${stem}.js`, join(base, 'index.ts'), join(base, 'index.tsx')];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return hit ? relative(root, hit) : undefined;
}

function unitOf(file: string): string | undefined {
  return UNITS.find((u) => u.dirs.some((d) => file.startsWith(`${d}/`)))?.name;
}
const levelOf = (unit: string) => UNITS.find((u) => u.name === unit)!.level;

interface Graph {
  /** file → files it imports (within the scanned tree) */
  edges: Map<string, string[]>;
  violations: string[];
}

function buildGraph(): Graph {
  const edges = new Map<string, string[]>();
  const violations: string[] = [];
  const sourceFiles = UNITS.flatMap((u) => u.dirs.flatMap(filesUnder));
  const testFiles = TEST_DIRS.flatMap((t) => filesUnder(t.dir).map((f) => ({ f, own: t.unit })));
  const all = [...sourceFiles.map((f) => ({ f, own: unitOf(f), test: false })), ...testFiles.map((t) => ({ ...t, test: true }))];

  for (const { f, own, test } of all) {
    const out: string[] = [];
    for (const spec of importsOf(readFileSync(join(root, f), 'utf8'))) {
      let target: string | undefined;
      if (spec.startsWith('.')) {
        const file = resolveRelative(f, spec);
        if (!file) continue; // assets, generated files: not code of ours
        target = unitOf(file);
        if (sourceFiles.includes(file)) out.push(file);
        // A relative path may stay inside its own unit only; another unit is reached by its package name.
        if (target && target !== own) violations.push(`${f} reaches into ${target} by path: '${spec}'`);
        continue;
      }
      if (spec.startsWith('@/')) target = 'web'; // the web app's own alias for web/src
      else {
        const pkg = spec.split('/').slice(0, 2).join('/');
        target = PACKAGE_UNIT[pkg];
        if (!target && spec.startsWith('@marketshare/')) violations.push(`${f} imports an unknown workspace package '${spec}'`);
      }
      if (!target || target === own) continue;
      if (test) continue; // tests stand above every unit
      if (levelOf(target) >= levelOf(own!)) violations.push(`${f} (${own}) imports ${target} at its own level or above: '${spec}'`);
    }
    edges.set(f, out);
  }
  return { edges, violations };
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  const graph = buildGraph();

  it('reads every unit', () => {
    for (const u of UNITS) expect([...graph.edges.keys()].some((f) => unitOf(f) === u.name), u.name).toBe(true);
  });

  it('has no upward edge and no reach into another unit by path', () => {
    expect(graph.violations).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph.edges).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a cycle and an upward edge when there is one', () => {
    const knot = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(cycles(knot).map((c) => c.join(','))).toEqual(['a,b,c', 'd']);
    expect(importsOf(`import type { X } from './x.js';\nexport { y } from "../y.js";\nconst z = await import('z');\n// import 'not-this'`)).toEqual([
      './x.js',
      '../y.js',
      'z',
    ]);
  });
});

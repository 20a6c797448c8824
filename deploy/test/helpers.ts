import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoPath = (...parts: string[]) => resolve(repoRoot, ...parts);

export const readText = (rel: string) => readFileSync(repoPath(rel), 'utf8');
/** A copy of a repository file with `from` replaced by `to`, in a fresh temporary folder: what a checker must refuse. */
export function brokenCopy(rel: string, from: string, to: string): string {
  const text = readText(rel);
  if (!text.includes(from)) throw new Error(`${rel} no longer holds ${from}: break it another way`);
  const path = join(mkdtempSync(join(tmpdir(), 'ms-broken-')), basename(rel));
  writeFileSync(path, text.replace(from, to));
  return path;
}
/** YAML with merge keys (`<<: *anchor`), as compose and kustomize read it. */
export const readYaml = <T = unknown>(rel: string): T => parse(readText(rel), { merge: true }) as T;
export const parseYamlDocs = (text: string): Record<string, any>[] =>
  parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(`YAML: ${d.errors[0].message}`);
      return d.toJS({ maxAliasCount: -1 });
    })
    .filter((d) => d != null);

const execFileAsync = promisify(execFile);

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command line tool; never throws on a non-zero exit, so a test can assert on the outcome. */
export async function runTool(
  cmd: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ToolResult> {
  if (cmd.startsWith('/') && !existsSync(cmd)) throw new Error(`${cmd} is not installed (it comes from a Debian package)`);
  try {
    const { stdout, stderr } = await execFileAsync(cmd, args, {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeoutMs ?? 30_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? err.message };
  }
}

/** Metric names that docs/internals.md pins in its "Metrics names" section (the contract with the services). */
export function documentedMetrics(): Set<string> {
  const doc = readText('docs/internals.md');
  const start = doc.indexOf('## Metrics names');
  if (start < 0) throw new Error('docs/internals.md has no "## Metrics names" section');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const names = new Set<string>();
  for (const m of section.matchAll(/`([a-z_:][a-z0-9_:]*)(?:\{[^`]*\})?`/g)) names.add(m[1]);
  return names;
}

const PROMQL_WORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset',
  'inf', 'nan', 'le',
]);

/**
 * The metric names a PromQL expression reads: identifiers that are neither functions (followed by `(`), nor
 * label names (inside `{...}` or a `by (...)` list), nor keywords. Histogram series map to their family name.
 */
export function metricsInPromQL(expr: string): string[] {
  const cleaned = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\$\w+/g, '');
  const found = new Set<string>();
  for (const m of cleaned.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (m[2] || PROMQL_WORDS.has(m[1])) continue;
    found.add(m[1].replace(/_(bucket|count|sum)$/, ''));
  }
  return [...found];
}

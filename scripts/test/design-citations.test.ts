import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The design lives in docs/: a comment or document that cites a design document outside the repository points a
// reader at something they cannot open. Every such citation names a file in docs/ instead.

const root = fileURLToPath(new URL('../..', import.meta.url));
const self = 'scripts/test/design-citations.test.ts';

const IGNORED = new Set(['node_modules', 'dist', '.next', '.data', '.git', 'artifacts', 'coverage']);
function walk(dir: string): string[] {
  return readdirSync(`${root}/${dir}`, { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) return IGNORED.has(e.name) ? [] : walk(rel);
    return e.isFile() && !e.name.endsWith('.tsbuildinfo') ? [rel] : [];
  });
}

/** Text files git tracks (plus new ones not yet added), without generated output. */
function trackedTextFiles(): string[] {
  // A copied tree without git (the newcomer's container) is walked instead, leaving out what git would ignore.
  const listed = existsSync(`${root}/.git`)
    ? execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\n')
    : walk('');
  return listed
    .filter((f) => /\.(ts|tsx|mts|js|mjs|cjs|md|ya?ml|cfg|json|sql|sh)$|Dockerfile$/.test(f))
    .filter((f) => f !== self && !f.endsWith('package-lock.json') && existsSync(`${root}/${f}`));
}

// Built from parts so this file does not match itself if it is ever scanned.
const outside = [
  new RegExp(['ARCHITECTURE', '(\\.md)?\\s*§'].join('')),
  new RegExp(['ARCHITECTURE', '\\.md'].join('')),
  new RegExp(['reference', '\\s*§'].join('')),
  new RegExp(['original', '-system\\.md'].join('')),
  new RegExp(['CONVENTIONS', '\\.md'].join('')),
  new RegExp(['machine', '-notes'].join('')),
  new RegExp(['shared', '/(reference|ARCHITECTURE|CONVENTIONS)'].join('')),
];

describe('design citations', () => {
  const files = trackedTextFiles();

  it('finds the files it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('docs/design.md');
  });

  it('no file cites a design document outside the repository', () => {
    const hits: string[] = [];
    for (const file of files) {
      readFileSync(`${root}/${file}`, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (outside.some((re) => re.test(line))) hits.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });

  it('every docs/*.md a file cites exists, with the section it names', () => {
    const missing: string[] = [];
    const sections = new Map<string, Set<string>>();
    const sectionsOf = (doc: string) => {
      if (!sections.has(doc)) {
        const text = readFileSync(`${root}/${doc}`, 'utf8');
        sections.set(doc, new Set([...text.matchAll(/^#+\s+(\d+)\./gm)].map((m) => m[1]!)));
      }
      return sections.get(doc)!;
    };
    for (const file of files) {
      const text = readFileSync(`${root}/${file}`, 'utf8');
      for (const m of text.matchAll(/\bdocs\/([\w-]+\.md)(?:\s*§(\d+))?/g)) {
        const doc = `docs/${m[1]}`;
        if (!existsSync(`${root}/${doc}`)) missing.push(`${file}: ${m[0]}`);
        else if (m[2] && !sectionsOf(doc).has(m[2])) missing.push(`${file}: ${m[0]} (no such section)`);
      }
    }
    expect(missing).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every HTTP request and response shape is declared once, in packages/contracts (TypeBox), and imported everywhere
// else as `Static<typeof X>` or through the typed client (docs/design.md §1). Internal shapes (database rows, domain
// types, a mail catcher's answers) are not HTTP contracts of ours and may live where they are used.

const root = fileURLToPath(new URL('../..', import.meta.url));
const CONSUMERS = ['services/auth', 'services/users', 'services/products', 'services/orders', 'services/emails', 'web/src', 'packages/test-env/src', 'e2e/test'];

function sources(dir: string): string[] {
  if (!existsSync(`${root}/${dir}`)) return [];
  return readdirSync(`${root}/${dir}`).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (['node_modules', 'dist', '.next', 'migrations'].includes(name)) return [];
    if (statSync(`${root}/${path}`).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}
const files = CONSUMERS.flatMap(sources).map((path) => ({ path, text: readFileSync(`${root}/${path}`, 'utf8') }));
/** Each line of `files` that matches `re`, as `path:line: text`, leaving out the files `except` names. */
const linesMatching = (re: RegExp, except: (path: string) => boolean = () => false) =>
  files
    .filter((f) => !except(f.path))
    .flatMap((f) => f.text.split('\n').flatMap((line, i) => (re.test(line) ? [`${f.path}:${i + 1}: ${line.trim()}`] : [])))
    .join('\n');

describe('HTTP shapes live only in packages/contracts', () => {
  it('reads the services, the web app, the test environment and the journeys', () => {
    expect(files.length).toBeGreaterThan(150);
    for (const dir of CONSUMERS) expect(files.some((f) => f.path.startsWith(dir)), dir).toBe(true);
  });

  it('builds no TypeBox schema outside the contracts but a service environment (config.ts)', () => {
    const builders = /\bType\.(Object|Array|Union|Intersect|Composite|Record|Tuple|Partial|Pick|Omit|Literal|String|Integer|Number|Boolean)\(/;
    expect(linesMatching(builders, (path) => /^services\/\w+\/src\/config\.ts$/.test(path))).toBe('');
  });

  it('declares no request, response or body type of its own', () => {
    const own = /^\s*(export\s+)?(interface\s+\w*(Request|Response|Body|Answer|Reply|Json)\b|type\s+\w*(Request|Response|Body|Answer|Reply|Json)\s*(<[^>]*>)?\s*=\s*\{)/;
    expect(linesMatching(own)).toBe('');
  });

  it("casts no service's answer to a shape written on the spot", () => {
    // `res.body as { id: number }` or `http<{ id: number }>(…)` says what the service answers without the
    // compiler checking it against the service: the typed client (createApiClient) answers the contract's type.
    const cast = /(\.body(\.\w+|\[\d+\])*\)?\s+as\s+\{|\.json\(\)\)\s+as\s+\{|\bhttp<\{)/;
    expect(linesMatching(cast)).toBe('');
  });

  it("keeps the web app's API layer to the contracts' types", () => {
    expect(existsSync(`${root}/web/src/lib/api/types.ts`)).toBe(false);
    expect(files.filter((f) => f.path.startsWith('web/src/lib/api/') && /from '@marketshare\/contracts'/.test(f.text)).length).toBeGreaterThan(3);
    expect(linesMatching(/^\s*(export\s+)?(interface\s+\w+|type\s+\w+\s*(<[^>]*>)?\s*=\s*\{)/, (path) => !path.startsWith('web/src/lib/api/'))).toBe('');
  });
});

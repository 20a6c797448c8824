import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every service has the same shape (docs/design.md §1), so a reader who knows one knows all five: the same files,
// the same names for its configuration, its start through the kit's serve(), and one public entry for tests.

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVICES = ['auth', 'users', 'products', 'orders', 'emails'];
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');
const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);

describe.each(SERVICES)('the %s service', (name) => {
  const src = `services/${name}/src`;
  const Name = capitalized(name);

  it('has config, deps, app, service and main', () => {
    for (const file of ['config', 'deps', 'app', 'service', 'main']) expect(existsSync(`${root}/${src}/${file}.ts`), `${file}.ts`).toBe(true);
  });

  it(`reads its environment with load${Name}Config into a ${Name}Config`, () => {
    const config = read(`${src}/config.ts`);
    expect(config).toMatch(new RegExp(`export const ${Name}ConfigSchema = Type\\.Object\\(`));
    expect(config).toMatch(new RegExp(`export type ${Name}Config\\b`));
    expect(config).toMatch(new RegExp(`export (const|function) load${Name}Config\\b`));
    expect(read(`${src}/service.ts`)).toMatch(new RegExp(`load${Name}Config\\(env\\)`));
  });

  it(`builds its app from ${Name}Deps, declared in deps.ts`, () => {
    expect(read(`${src}/deps.ts`)).toMatch(new RegExp(`export interface ${Name}Deps\\b`));
    expect(read(`${src}/app.ts`)).toMatch(new RegExp(`buildApp\\(deps: ${Name}Deps\\)`));
  });

  it("starts through the kit's serve(), never listening or closing by hand", () => {
    const service = read(`${src}/service.ts`);
    expect(service).toMatch(/export async function startService\(/);
    expect(service).toMatch(/return serve\(\{ name: '\w+', port: config\.\w+_PORT, host: config\.HOST \}/);
    expect(service).not.toMatch(/\.listen\(/);
  });

  it('exports startService to tests through its package.json, and nothing else of its files', () => {
    const pkg = JSON.parse(read(`services/${name}/package.json`)) as { exports: Record<string, unknown> };
    expect(pkg.exports).toEqual({ '.': { types: './dist/service.d.ts', default: './dist/service.js' } });
  });
});

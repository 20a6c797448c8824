// Inputs for the fuzz test (fuzz.test.ts): a seeded generator, values drawn from an operation's JSON Schema, and
// the malformed and edge values every operation must answer with a 4xx, never a 5xx.

/** JSON Schema as the OpenAPI document carries it (TypeBox output): the subset the generator reads. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
}

/** mulberry32: small, fast and the same on every machine, so a seed names one sequence of cases. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** FNV-1a of a string: each operation gets a sequence of its own from the one seed. */
export function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export const WEIRD_STRINGS: readonly string[] = [
  '',
  ' ',
  '   padded   ',
  '\u0000',
  'a\u0000b',
  '%00',
  '..',
  '../../../../etc/passwd',
  '*',
  '\ud800', // a lone surrogate: JSON carries it escaped, and no database encoding can store it
  '\udfff\ud800',
  '😀'.repeat(40),
  '𝕏'.repeat(300),
  'e\u0301', // a combining accent
  '\u202eevil', // right-to-left override
  'ＡＢＣ', // full-width letters
  'İstanbul ß ǅ',
  '<script>alert(1)</script>',
  "' OR 1=1 -- ",
  '"; DROP TABLE users; --',
  '${7*7}{{7*7}}',
  '\r\nX-Injected: 1',
  'null',
  'true',
  '-1',
  '1e309',
  'NaN',
  '0x10',
  '\t\n\v\f\r',
  '\u200b',
  '\ufeff',
  '\uffff',
];

export const WEIRD_NUMBERS: readonly number[] = [
  -1, 0, -0.5, 0.5, 1e308, -1e308, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 1e-320, 1.25, 3.3333,
];

export const WRONG_TYPES: readonly unknown[] = [null, true, false, [], {}, [1, 2], { a: 1 }, '1', 1, 'x', -5];

/** Path parameters that have broken routers, decoders and file lookups elsewhere. */
export const WEIRD_PATH_SEGMENTS: readonly string[] = [
  '*',
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  'a%00.png',
  '%ff',
  '%',
  '%zz',
  '%c0%ae%c0%ae',
  '-1',
  '0',
  '1.5',
  '1e3',
  '+1',
  '0x1F',
  '99999999999999999999',
  '9007199254740993',
  '2147483648',
  'NaN',
  '%20',
  '%2F',
  ';',
  '%3B1',
  '%D9%A1', // an Arabic-Indic digit one
  'a'.repeat(3000),
  `${'0'.repeat(32)}.png`,
  `${'0'.repeat(32)}.png%00.txt`,
  '.htaccess',
];

/** A JSON text nested deeper than any parser should have to recurse. */
export const deeplyNested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function typeOf(schema: Schema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? schema.type[0];
  return schema.type;
}

function stringFor(schema: Schema, rng: Rng): string {
  switch (schema.format) {
    case 'email':
      return `fuzz${rng.int(1e6)}@example.com`;
    case 'date-time':
      return new Date(Date.UTC(2026, rng.int(12), 1 + rng.int(28))).toISOString();
    case 'date':
      return `2026-0${1 + rng.int(9)}-1${rng.int(9)}`;
    case 'uri':
      return 'https://example.com/fuzz';
    default: {
      const min = schema.minLength ?? 1;
      const max = Math.max(min, Math.min(schema.maxLength ?? 12, min + 10));
      const length = min + rng.int(max - min + 1);
      let out = '';
      for (let i = 0; i < length; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(36)];
      return out;
    }
  }
}

/** A value that fits the schema as far as a generator without regular expressions can make one. */
export function valueOf(schema: Schema | undefined, rng: Rng, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if ('const' in schema) return schema.const;
  if (schema.enum) return rng.pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return valueOf(rng.pick(union), rng, depth + 1);
  switch (typeOf(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(name) || rng.chance(0.5)) out[name] = valueOf(property, rng, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 1 + rng.int(3)));
      return Array.from({ length: n }, () => valueOf(schema.items, rng, depth + 1));
    }
    case 'string':
      return stringFor(schema, rng);
    case 'integer': {
      const min = schema.minimum ?? 1;
      return min + rng.int(Math.max(1, Math.min((schema.maximum ?? min + 100) - min, 100)));
    }
    case 'number':
      return (schema.minimum ?? 0) + rng.int(10) / 2;
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return rng.pick(WEIRD_STRINGS);
  }
}

/** One of the edge values that a value of this schema's kind should never crash on. */
export function edgeValueFor(schema: Schema | undefined, rng: Rng): unknown {
  const kind = schema ? typeOf(schema) : undefined;
  if (kind === 'integer' || kind === 'number') return rng.chance(0.7) ? rng.pick(WEIRD_NUMBERS) : rng.pick(WRONG_TYPES);
  if (kind === 'string' || kind === undefined) {
    if (rng.chance(0.15)) return 'x'.repeat(1 + rng.int(300_000)); // huge
    return rng.chance(0.8) ? rng.pick(WEIRD_STRINGS) : rng.pick(WRONG_TYPES);
  }
  return rng.pick(WRONG_TYPES);
}

/** The same value with one part of it changed: a field dropped, retyped, set to an edge value or added. */
export function mutate(value: unknown, schema: Schema | undefined, rng: Rng): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || rng.chance(0.1)) return edgeValueFor(schema, rng);
  const object = { ...(value as Record<string, unknown>) };
  const names = Object.keys(schema?.properties ?? object);
  const name = names.length ? rng.pick(names) : 'field';
  switch (rng.int(5)) {
    case 0:
      delete object[name];
      break;
    case 1:
      object[name] = rng.pick(WRONG_TYPES);
      break;
    case 2:
      // a change one level down when the field holds an object or array, otherwise an edge value
      object[name] = mutate(object[name], schema?.properties?.[name], rng);
      break;
    case 3:
      // defined, not assigned: assigning `__proto__` would set the prototype and never reach the JSON
      Object.defineProperty(object, rng.pick(['__proto__', 'constructor', 'id', 'role', 'balance', 'sellerId', 'isAdmin', name.toUpperCase()]), {
        value: rng.pick([{ role: 'seller', isAdmin: true }, 'seller', 1, null]),
        enumerable: true,
      });
      break;
    default:
      object[name] = edgeValueFor(schema?.properties?.[name], rng);
  }
  return object;
}

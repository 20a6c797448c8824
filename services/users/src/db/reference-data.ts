import { asc, eq, like, sql } from 'drizzle-orm';
import { createRequire } from 'node:module';
import type * as IsoCountries from 'i18n-iso-countries';
import type { Locale } from '@marketshare/contracts';
import { banks, countries, organizations } from './schema.js';
import type { Db, Executor } from './store.js';

export const SEED_BANKS = ['Santander', 'BBVA', 'Banco Nación', 'Patagonia', 'Credicoop', 'Bank of America'];

// The package's Node entry registers all of its ~80 languages (about 10 MB resident); we need two.
const require = createRequire(import.meta.url);
const isoCountries: typeof IsoCountries = require('i18n-iso-countries/index.js');
isoCountries.registerLocale(require('i18n-iso-countries/langs/es.json'));
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** Every ISO 3166-1 alpha-2 country with its Spanish and English names, from i18n-iso-countries. */
export function isoCountryRows(): { code: string; nameEs: string; nameEn: string }[] {
  const es = isoCountries.getNames('es', { select: 'official' });
  const en = isoCountries.getNames('en', { select: 'official' });
  return Object.keys(es).map((code) => ({ code, nameEs: es[code]!, nameEn: en[code] ?? es[code]! }));
}

/** Seeds the reference lists (organizations are not one: each account makes its own); safe to run at every start and from several replicas at once. */
export async function seedReferenceData(db: Db): Promise<void> {
  await db
    .insert(countries)
    .values(isoCountryRows())
    .onDuplicateKeyUpdate({ set: { nameEs: sql`VALUES(name_es)`, nameEn: sql`VALUES(name_en)` } });
  await db.insert(banks).ignore().values(SEED_BANKS.map((name) => ({ name })));
}

export interface Country {
  code: string;
  nameEs: string;
  nameEn: string;
}

/** The countries never change while the service runs, so they are read once and answered from memory. */
export class CountryCatalog {
  private constructor(
    private readonly byCode: Map<string, Country>,
    private readonly sorted: Record<Locale, Country[]>,
  ) {}

  static async load(db: Db): Promise<CountryCatalog> {
    const rows = await db.select().from(countries);
    const sortedBy = (locale: Locale) => {
      const collator = new Intl.Collator(locale);
      const key = (c: Country) => (locale === 'en' ? c.nameEn : c.nameEs);
      return [...rows].sort((a, b) => collator.compare(key(a), key(b)));
    };
    return new CountryCatalog(new Map(rows.map((c) => [c.code, c])), { es: sortedBy('es'), en: sortedBy('en') });
  }

  get(code: string): Country | undefined {
    return this.byCode.get(code.toUpperCase());
  }

  list(locale: Locale): Country[] {
    return this.sorted[locale];
  }
}

type NamedTable = typeof banks | typeof organizations;

/** A new organization for one account: naming an existing one's name never joins it (docs/design.md §2). */
export async function createOrganization(tx: Executor, name: string): Promise<number> {
  const [result] = await tx.insert(organizations).values({ name });
  return result.insertId;
}

/** The account's organization after a profile edit: the same one while its name is unchanged, else a new one. */
export async function organizationNamed(tx: Executor, currentId: number, name: string): Promise<number> {
  const [current] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, currentId));
  return current?.name === name ? currentId : createOrganization(tx, name);
}

/**
 * The id of the bank with this name (compared case-insensitively), created when missing.
 * Most registrations name an existing one, so a plain read comes first and only a miss takes a write lock;
 * `LAST_INSERT_ID(id)` makes the insert report the existing id when a concurrent registration created it.
 */
export async function findOrCreateNamed(tx: Executor, table: typeof banks, name: string): Promise<number> {
  const [found] = await tx.select({ id: table.id }).from(table).where(eq(table.name, name)).limit(1);
  if (found) return found.id;
  const [result] = await tx
    .insert(table)
    .values({ name })
    .onDuplicateKeyUpdate({ set: { id: sql`LAST_INSERT_ID(${table.id})` } });
  return result.insertId;
}

/** Banks or organizations by name, optionally those whose name starts with `prefix`. */
export async function listNamed(db: Db, table: NamedTable, prefix: string | undefined, limit: number) {
  const where = prefix ? like(table.name, `${escapeLike(prefix)}%`) : undefined;
  return db.select({ id: table.id, name: table.name }).from(table).where(where).orderBy(asc(table.name)).limit(limit);
}

/** Escapes LIKE's wildcards so user text matches literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

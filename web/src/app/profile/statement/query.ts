import { LEDGER_KINDS, type LedgerKind, type StatementQuery } from '@marketshare/contracts';

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The statement's filters from the page's query, keeping only what users accepts (anything else is dropped). */
export function statementFilters(sp: Search): Pick<StatementQuery, 'from' | 'to' | 'kind'> {
  const from = one(sp.from);
  const to = one(sp.to);
  const kind = one(sp.kind);
  return {
    ...(from && DAY.test(from) && { from }),
    ...(to && DAY.test(to) && { to }),
    ...(kind && (LEDGER_KINDS as readonly string[]).includes(kind) && { kind: kind as LedgerKind }),
  };
}

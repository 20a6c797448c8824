import { getStatementCsv } from '@/lib/api/users';
import { getSession } from '@/lib/session';
import { statementFilters } from '../query';

/** The signed-in person's statement as the CSV file users writes (formula-like cells already made safe there). */
export async function GET(request: Request): Promise<Response> {
  if (!(await getSession())) return new Response(null, { status: 401 });
  const filters = statementFilters(Object.fromEntries(new URL(request.url).searchParams));
  const bytes = await getStatementCsv(filters);
  return new Response(Buffer.from(bytes), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="statement.csv"',
      'cache-control': 'no-store',
    },
  });
}

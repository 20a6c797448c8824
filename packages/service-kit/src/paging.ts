/** One page of a listing and the total it is a page of, read at the same time. */
export async function readPage<T>(
  page: number,
  pageSize: number,
  read: { rows: (limit: number, offset: number) => Promise<T[]>; total: () => Promise<number> },
): Promise<{ items: T[]; total: number }> {
  const [items, total] = await Promise.all([read.rows(pageSize, (page - 1) * pageSize), read.total()]);
  return { items, total };
}

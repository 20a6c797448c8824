import { PAGE_MAX } from '@marketshare/contracts/plain';

/** The `page` query parameter as the services accept it: 1 to their maximum, whatever was typed. */
export function pageParam(value: string | string[] | undefined): number {
  const n = Number.parseInt(String(Array.isArray(value) ? value[0] : (value ?? '1')), 10);
  return Math.min(PAGE_MAX, Math.max(1, n || 1));
}

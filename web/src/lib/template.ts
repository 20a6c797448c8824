/**
 * Fills a dictionary text: `{name}` is replaced by its value, and `{n|one|other}` by `one` when n is 1 and `other`
 * otherwise (the rule of both our languages: "1 producto", "0 productos", "2 productos"). Usable on the server, in
 * the browser and in the tests, so all of them word a count alike.
 */
export function fmt(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (whole, k: string, one?: string, other?: string) => {
    const v = values[k];
    if (v === undefined) return whole;
    return one === undefined ? String(v) : Number(v) === 1 ? one : (other ?? '');
  });
}

// Personal values as slots in a shared render. Every consumer's catalog and product page is rendered once per
// address and language with markers in place of the person's name and balance; the proxy fills each copy for
// the person asking (lib/consumer-pages.ts). Pure and free of Next.js, so the proxy, the pages and the tests share it.
//
// A marker appears twice in a page: in the HTML, and in the React Server Components payload that Next.js inlines as
// `self.__next_f.push([1,"..."])` scripts for hydration. Both must get the same value, each escaped for where it
// stands, or hydration would not match. Anything else (a marker in another script) makes the render unusable.
import { randomBytes } from 'node:crypto';

export const SLOT_NAMES = ['name', 'balance'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];
export type SlotValues = Record<SlotName, string>;

// One random value per process, shared by the proxy's and the pages' bundles through globalThis: it makes the markers
// unguessable (a seller's product text cannot contain one) and authenticates the proxy's own request for a shared
// render (an outside request claiming to be one is rendered as usual).
const nonce = ((globalThis as { __msSlotNonce?: string }).__msSlotNonce ??= randomBytes(12).toString('hex'));

/** Marks the proxy's own request for a shared render: `guest`, or sharedRenderToken() for the consumers' one. */
export const SHARED_RENDER_HEADER = 'x-ms-shared-render';
/** The marker the shared render shows in place of a personal value. */
export const slot = (name: SlotName) => `ms-slot-${nonce}-${name}`;
/** What the proxy's own request for a consumers' shared render carries, and the pages check. */
export const sharedRenderToken = () => `consumer ${nonce}`;

interface Hole {
  name: SlotName;
  /** In the inlined RSC payload (else in the HTML). */
  flight: boolean;
  /** Starts a string of the payload, where React escapes a leading `$` by doubling it. */
  startsString: boolean;
}
/** A shared render cut at its markers: text, hole, text, hole, ..., text. */
export interface PageTemplate {
  texts: string[];
  holes: Hole[];
}

const MARKER = new RegExp(`ms-slot-${nonce}-(${SLOT_NAMES.join('|')})`, 'g');
const FLIGHT_SCRIPT = /^<script(?:\s+nonce="[^"]*")?>self\.__next_f\.push\(\[1,"/;

/**
 * Cuts a shared render at its markers; `null` when it cannot be filled safely: the name's marker is missing (the
 * render was not the shared one) or a marker stands somewhere other than the HTML or the inlined payload.
 */
export function compileTemplate(html: string): PageTemplate | null {
  const texts: string[] = [];
  const holes: Hole[] = [];
  let from = 0;
  for (const m of html.matchAll(MARKER)) {
    const at = m.index;
    const open = html.lastIndexOf('<script', at);
    const inScript = open > html.lastIndexOf('</script', at);
    if (inScript && !FLIGHT_SCRIPT.test(html.slice(open, open + 80))) return null;
    texts.push(html.slice(from, at));
    holes.push({ name: m[1] as SlotName, flight: inScript, startsString: inScript && opensPayloadString(html, at) });
    from = at + m[0].length;
  }
  texts.push(html.slice(from));
  return holes.some((h) => h.name === 'name') ? { texts, holes } : null;
}

/**
 * Whether the marker at `at` begins a string of the payload. In the literal, the payload's own quote is written `\"`
 * and a quote inside one of its strings `\\\"`: the quote before the marker opens a string when the backslashes
 * before it stand for an even number of the payload's own (each written as two), plus the one escaping the quote.
 */
function opensPayloadString(html: string, at: number): boolean {
  if (html[at - 1] !== '"') return false;
  let n = 0;
  while (html[at - 2 - n] === '\\') n++;
  return n % 2 === 1 && ((n - 1) / 2) % 2 === 0;
}

/** The shared render with one person's values in it. */
export function fillTemplate(t: PageTemplate, values: SlotValues): string {
  let out = t.texts[0]!;
  t.holes.forEach((h, i) => {
    out += (h.flight ? inFlight(values[h.name], h.startsString) : inHtml(values[h.name])) + t.texts[i + 1]!;
  });
  return out;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const inHtml = (v: string) => v.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

// As React and Next.js write a string into the payload: React doubles a leading `$` (a bare one marks a reference),
// the row is JSON, the row is a JavaScript string literal, and that literal is made safe inside <script>.
const SCRIPT_ESCAPES: Record<string, string> = { '&': '\\u0026', '<': '\\u003c', '>': '\\u003e', '\u2028': '\\u2028', '\u2029': '\\u2029' };
function inFlight(v: string, startsString: boolean): string {
  const model = startsString && v.startsWith('$') ? `$${v}` : v;
  const row = JSON.stringify(model).slice(1, -1);
  return JSON.stringify(row).slice(1, -1).replace(/[&<>\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]!);
}

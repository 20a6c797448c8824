import { describe, expect, it } from 'vitest';
import { compileTemplate, fillTemplate, slot } from '../src/lib/personal-slots.js';

// A page as Next.js writes it: HTML from React, and the React Server Components payload inlined as scripts
// (`self.__next_f.push([1, chunk])`, the JSON made safe for <script> as Next.js does). The end-to-end tests
// (e2e/test/consumer-pages.test.ts) check the same against the real app and a real browser's hydration.
const safeForScript = (json: string) =>
  json.replace(/[&<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const flightScript = (row: unknown) => `<script>self.__next_f.push(${safeForScript(JSON.stringify([1, `4:${JSON.stringify(row)}\n`]))})</script>`;

const name = slot('name');
const balance = slot('balance');
const page = [
  '<!DOCTYPE html><html><body><header>',
  `<summary aria-label="Account: ${name}"><span>${name}</span><span class="balance">${balance}</span></summary>`,
  '</header><script src="/_next/static/chunks/main.js" async=""></script>',
  flightScript(['$', 'summary', null, { 'aria-label': `Account: ${name}`, children: [['$', 'span', null, { children: name }],
    ['$', 'span', null, { className: 'balance', children: balance }], ['$', 'q', null, { children: `"${name}"` }]] }]),
  '</body></html>',
].join('');

/** What the browser's React reads back from the page: the HTML as text and the payload's strings. */
function readBack(html: string) {
  const scripts = [...html.matchAll(/<script>self\.__next_f\.push\((.*?)\)<\/script>/g)].map((m) => m[1]!);
  const rows = scripts.map((s) => (JSON.parse(s) as [number, string])[1]).map((chunk) => JSON.parse(chunk.slice(chunk.indexOf(':') + 1)));
  // React Flight: a string starting with `$` is a reference unless it starts with `$$` (an escaped `$`)
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v.startsWith('$$') ? v.slice(1) : v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(rows);
  return { markup: html.replace(/<script>self\.__next_f[\s\S]*?<\/script>/g, ''), strings };
}

describe('personal slots in a shared render', () => {
  it('fills the HTML and the inlined payload alike, each escaped for where it stands', () => {
    const t = compileTemplate(page);
    expect(t).not.toBeNull();
    const values = { name: 'ana.b-2_x', balance: '$\u00a01.234,56' };
    const html = fillTemplate(t!, values);
    expect(html).not.toContain('ms-slot-');
    const back = readBack(html);
    expect(back.markup).toContain(`<span>${values.name}</span><span class="balance">${values.balance}</span>`);
    expect(back.markup).toContain(`aria-label="Account: ${values.name}"`);
    // a leading `$` is doubled where the balance starts a payload string, so React reads it back as text
    expect(back.strings).toEqual(expect.arrayContaining([`Account: ${values.name}`, values.name, values.balance, `"${values.name}"`]));
    expect(html).toContain('\\"$$\u00a01.234,56\\"');
  });

  it('escapes what would break out of the HTML or the script', () => {
    const evil = { name: '</script><img src=x onerror=alert(1)>"\'&', balance: '\u2028$x\\' };
    const html = fillTemplate(compileTemplate(page)!, evil);
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the page's own two scripts, no more
    const back = readBack(html);
    expect(back.markup).toContain('<span>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#x27;&amp;</span>');
    expect(back.strings).toEqual(expect.arrayContaining([evil.name, evil.balance, `Account: ${evil.name}`, `"${evil.name}"`]));
  });

  it('gives the same page to everyone filled with the same values, and different pages differ only there', () => {
    const t = compileTemplate(page)!;
    const a = fillTemplate(t, { name: 'alice', balance: '$ 1,00' });
    const b = fillTemplate(t, { name: 'bob', balance: '$ 2,00' });
    expect(a).toBe(fillTemplate(t, { name: 'alice', balance: '$ 1,00' }));
    expect(a).not.toContain('bob');
    expect(b).not.toContain('alice');
  });

  it('refuses a render it cannot fill safely', () => {
    expect(compileTemplate('<html><body>a guest page</body></html>')).toBeNull(); // not the shared consumers' render
    expect(compileTemplate(`<html><body><span>${name}</span><script>var who = "${name}";</script></body></html>`)).toBeNull();
    expect(compileTemplate(`<span>${balance}</span>`)).toBeNull(); // no name: not the header of a consumer's page
  });

  it('leaves text that only looks like a marker alone', () => {
    const t = compileTemplate(`<span>${name}</span><p>ms-slot-0000-name</p>`)!;
    expect(fillTemplate(t, { name: 'carol', balance: '' })).toBe('<span>carol</span><p>ms-slot-0000-name</p>');
  });
});

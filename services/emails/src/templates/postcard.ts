import { escapeHtml, type Locale } from './format.js';

// Every e-mail as one card that looks like the site (web/src/app/globals.css): the header's dark band (#111827) with
// the same logo (a shop front and "marketshare"), then a white card on the page's grey, in the site's text, muted,
// border, brand-blue button and status colours. Templates describe their content once as data; this file writes it
// as HTML for mail clients (nested tables and inline styles only: no <style>, no external images) and as plain
// text. All escaping happens here, so a template cannot forget it.

/** Text, or a bold run of text, optionally in a colour. */
export type Inline = string | { strong: string; color?: string };
export type Paragraph = Inline[];
export interface DetailRow {
  label: string;
  value: string;
  color?: string;
}
export interface Link {
  label: string;
  url: string;
}
export interface EmailContent {
  locale: Locale;
  subject: string;
  /** The line mail clients show beside the subject in the inbox. */
  preheader: string;
  heading: string;
  intro: Paragraph[];
  details?: DetailRow[];
  outro?: Paragraph[];
  /** A quoted block after the intro (a review: its stars, score, title and words). */
  quote?: { stars: string; score: string; title: string; text: string };
  /** A line just before the details table. */
  detailsIntro?: Paragraph;
  /** The one button (the site's brand blue). */
  action?: Link;
  /** Plain links under the button. */
  links?: Link[];
}
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const LOGO_CID = 'logo@marketshare';
/** The site's colours (globals.css `:root` and `.site-header`), so a mail looks like the pages it links to. */
export const COLOURS = {
  header: '#111827',
  headerText: '#f9fafb',
  page: '#f5f6f8',
  card: '#ffffff',
  text: '#1b1f24',
  muted: '#555d68',
  rule: '#d8dce2',
  brand: '#0b5cad',
  brandInk: '#ffffff',
  quote: '#f5f6f8',
  star: '#b45309',
  created: '#854d0e',
  delivered: '#166534',
  cancelled: '#991b1b',
} as const;

const CHROME: Record<Locale, { signature: string; footer: string; fallback: string }> = {
  es: {
    signature: 'Sinceramente, el equipo de marketshare',
    footer: 'Este es un mensaje automático que no requiere respuesta',
    fallback: 'Si el botón no funciona, abre este enlace:',
  },
  en: {
    signature: 'Sincerely, the marketshare team',
    footer: 'This is an automated message; there is no need to reply',
    fallback: 'If the button does not work, open this link:',
  },
};

const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;";

export function renderPostcard(c: EmailContent): RenderedEmail {
  return { subject: c.subject, html: postcardHtml(c), text: postcardText(c) };
}

function inlineHtml(p: Paragraph): string {
  return p
    .map((part) =>
      typeof part === 'string'
        ? escapeHtml(part)
        : `<strong style="font-weight:bold;${part.color ? `color:${part.color};` : ''}">${escapeHtml(part.strong)}</strong>`,
    )
    .join('');
}
const inlineText = (p: Paragraph) => p.map((part) => (typeof part === 'string' ? part : part.strong)).join('');

const paragraphHtml = (p: Paragraph) => `<p style="margin:0 0 16px;">${inlineHtml(p)}</p>`;

function detailsHtml(rows: DetailRow[]): string {
  const cell = `padding:8px 0;border-bottom:1px solid ${COLOURS.rule};font-size:15px;line-height:20px;`;
  const trs = rows
    .map(
      (r) =>
        `<tr><td style="${cell}color:${COLOURS.muted};">${escapeHtml(r.label)}</td>` +
        `<td align="right" style="${cell}font-weight:bold;color:${r.color ?? COLOURS.text};">${escapeHtml(r.value)}</td></tr>`,
    )
    .join('');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 16px;">${trs}</table>`;
}

function buttonHtml(a: Link, locale: Locale): string {
  const href = escapeHtml(a.url);
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px;"><tr>` +
    `<td align="center" bgcolor="${COLOURS.brand}" style="border-radius:8px;background-color:${COLOURS.brand};">` +
    `<a href="${href}" target="_blank" style="display:inline-block;padding:12px 28px;${FONT}font-size:16px;font-weight:600;color:${COLOURS.brandInk};text-decoration:none;border-radius:8px;">${escapeHtml(a.label)}</a>` +
    `</td></tr></table>` +
    `<p style="margin:0 0 16px;font-size:13px;line-height:18px;color:${COLOURS.muted};">${escapeHtml(CHROME[locale].fallback)} ` +
    `<a href="${href}" target="_blank" style="color:${COLOURS.brand};word-break:break-all;">${escapeHtml(a.url)}</a></p>`
  );
}

const linkHtml = (l: Link) =>
  `<p style="margin:0 0 8px;font-size:15px;"><a href="${escapeHtml(l.url)}" target="_blank" style="color:${COLOURS.brand};">${escapeHtml(l.label)}</a></p>`;

function quoteHtml(q: NonNullable<EmailContent['quote']>): string {
  return (
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;"><tr>` +
    `<td bgcolor="${COLOURS.quote}" style="padding:12px 16px;background-color:${COLOURS.quote};border-left:4px solid ${COLOURS.brand};border-radius:6px;">` +
    `<p style="margin:0 0 4px;font-size:20px;line-height:24px;color:${COLOURS.star};">${escapeHtml(q.stars)} ` +
    `<span style="font-size:14px;color:${COLOURS.muted};">${escapeHtml(q.score)}</span></p>` +
    `<p style="margin:0 0 4px;font-weight:bold;">${escapeHtml(q.title)}</p>` +
    `<p style="margin:0;white-space:pre-line;">${escapeHtml(q.text)}</p>` +
    `</td></tr></table>`
  );
}

function postcardHtml(c: EmailContent): string {
  const chrome = CHROME[c.locale];
  const body = [
    `<h1 style="margin:0 0 16px;${FONT}font-size:24px;line-height:32px;font-weight:bold;color:${COLOURS.text};">${escapeHtml(c.heading)}</h1>`,
    ...c.intro.map(paragraphHtml),
    c.quote ? quoteHtml(c.quote) : '',
    c.detailsIntro ? paragraphHtml(c.detailsIntro) : '',
    c.details ? detailsHtml(c.details) : '',
    ...(c.outro ?? []).map(paragraphHtml),
    c.action ? buttonHtml(c.action, c.locale) : '',
    ...(c.links ?? []).map(linkHtml),
    `<p style="margin:24px 0 0;font-weight:bold;color:${COLOURS.text};">${escapeHtml(chrome.signature)}</p>`,
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${c.locale}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(c.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${COLOURS.page};">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent;">${escapeHtml(c.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.page}" style="background-color:${COLOURS.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.card}" style="width:100%;max-width:600px;background-color:${COLOURS.card};border:1px solid ${COLOURS.rule};border-radius:10px;border-collapse:separate;overflow:hidden;">
<tr><td align="left" bgcolor="${COLOURS.header}" style="padding:14px 24px;background-color:${COLOURS.header};border-radius:10px 10px 0 0;"><img src="cid:${LOGO_CID}" width="192" alt="marketshare" style="display:block;width:192px;max-width:100%;height:auto;border:0;outline:none;text-decoration:none;"></td></tr>
<tr><td style="padding:24px 24px 28px;${FONT}font-size:16px;line-height:24px;color:${COLOURS.text};">
${body}
</td></tr>
</table>
<p style="margin:16px 0 0;${FONT}font-size:12px;line-height:16px;color:${COLOURS.muted};">${escapeHtml(chrome.footer)}</p>
</td></tr>
</table>
</body>
</html>
`;
}

function postcardText(c: EmailContent): string {
  const chrome = CHROME[c.locale];
  const width = Math.max(0, ...(c.details ?? []).map((r) => r.label.length));
  const sections = [
    c.heading,
    ...c.intro.map(inlineText),
    c.quote ? `${c.quote.stars} (${c.quote.score})\n${c.quote.title}\n${c.quote.text}` : '',
    c.detailsIntro ? inlineText(c.detailsIntro) : '',
    c.details ? c.details.map((r) => `${`${r.label}:`.padEnd(width + 2)}${r.value}`).join('\n') : '',
    ...(c.outro ?? []).map(inlineText),
    c.action ? `${c.action.label}: ${c.action.url}` : '',
    (c.links ?? []).map((l) => `${l.label}: ${l.url}`).join('\n'),
    `${chrome.signature}\n\n-- \n${chrome.footer}`,
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

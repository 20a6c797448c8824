import { escapeHtml, type Locale } from './format.js';

// The original's "postcard" (docs/design.md §9): a dark card (#111827, text #F0FFFF) with a heading, a body, an orange
// signature, a grey footer and the logo. Templates describe their content once as data; this file writes it as
// HTML for mail clients (nested tables and inline styles only: no <style>, no external images) and as plain text.
// All escaping happens here, so a template cannot forget it.

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
  /** The one orange button. */
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
export const COLOURS = {
  page: '#030712',
  card: '#111827',
  text: '#F0FFFF',
  muted: '#9CA3AF',
  rule: '#1F2937',
  orange: '#FF8C00',
  created: '#F0E68C',
  delivered: '#8FBC8F',
  cancelled: '#CD5C5C',
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

const FONT = "font-family:'Helvetica Neue',Helvetica,Arial,sans-serif;";

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
    `<td align="center" bgcolor="${COLOURS.orange}" style="border-radius:8px;background-color:${COLOURS.orange};">` +
    `<a href="${href}" target="_blank" style="display:inline-block;padding:12px 28px;${FONT}font-size:16px;font-weight:bold;color:${COLOURS.card};text-decoration:none;border-radius:8px;">${escapeHtml(a.label)}</a>` +
    `</td></tr></table>` +
    `<p style="margin:0 0 16px;font-size:13px;line-height:18px;color:${COLOURS.muted};">${escapeHtml(CHROME[locale].fallback)} ` +
    `<a href="${href}" target="_blank" style="color:${COLOURS.orange};word-break:break-all;">${escapeHtml(a.url)}</a></p>`
  );
}

const linkHtml = (l: Link) =>
  `<p style="margin:0 0 8px;font-size:15px;"><a href="${escapeHtml(l.url)}" target="_blank" style="color:${COLOURS.orange};">${escapeHtml(l.label)}</a></p>`;

function postcardHtml(c: EmailContent): string {
  const chrome = CHROME[c.locale];
  const body = [
    `<h1 style="margin:0 0 16px;${FONT}font-size:24px;line-height:32px;font-weight:bold;color:${COLOURS.text};">${escapeHtml(c.heading)}</h1>`,
    ...c.intro.map(paragraphHtml),
    c.details ? detailsHtml(c.details) : '',
    ...(c.outro ?? []).map(paragraphHtml),
    c.action ? buttonHtml(c.action, c.locale) : '',
    ...(c.links ?? []).map(linkHtml),
    `<p style="margin:24px 0 0;font-weight:bold;color:${COLOURS.orange};">${escapeHtml(chrome.signature)}</p>`,
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${c.locale}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark">
<meta name="supported-color-schemes" content="dark">
<title>${escapeHtml(c.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:${COLOURS.page};">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent;">${escapeHtml(c.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.page}" style="background-color:${COLOURS.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="${COLOURS.card}" style="width:100%;max-width:600px;background-color:${COLOURS.card};border-radius:12px;">
<tr><td align="center" style="padding:28px 24px 8px;"><img src="cid:${LOGO_CID}" width="192" alt="marketshare" style="display:block;width:192px;max-width:100%;height:auto;border:0;outline:none;text-decoration:none;"></td></tr>
<tr><td style="padding:16px 24px 28px;${FONT}font-size:16px;line-height:24px;color:${COLOURS.text};">
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
    c.details ? c.details.map((r) => `${`${r.label}:`.padEnd(width + 2)}${r.value}`).join('\n') : '',
    ...(c.outro ?? []).map(inlineText),
    c.action ? `${c.action.label}: ${c.action.url}` : '',
    (c.links ?? []).map((l) => `${l.label}: ${l.url}`).join('\n'),
    `${chrome.signature}\n\n-- \n${chrome.footer}`,
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

import type { WithdrawalMadeMessage } from '@marketshare/contracts';
import { formatMoney } from './format.js';
import { renderPostcard, type RenderedEmail } from './postcard.js';

// Money left the person's balance for their bank: they are told, so a withdrawal they did not make is noticed.
const COPY = {
  es: {
    subject: 'Retiraste fondos a tu banco 🏦',
    heading: 'Retiro registrado',
    hello: 'Hola ',
    sent: ', registramos un retiro de tu saldo hacia ',
    amount: 'Monto',
    bank: 'Banco',
    reference: 'Referencia',
    balance: 'Saldo restante',
    ifNot: 'Si no hiciste este retiro, cambia tu contraseña de inmediato.',
    action: 'Ver mis movimientos',
  },
  en: {
    subject: 'You withdrew funds to your bank 🏦',
    heading: 'Withdrawal recorded',
    hello: 'Hello ',
    sent: ', we recorded a withdrawal from your balance to ',
    amount: 'Amount',
    bank: 'Bank',
    reference: 'Reference',
    balance: 'Remaining balance',
    ifNot: 'If you did not make this withdrawal, change your password at once.',
    action: 'See my statement',
  },
} as const;

export function renderWithdrawalMade(m: WithdrawalMadeMessage): RenderedEmail {
  const t = COPY[m.locale];
  const w = m.withdrawal;
  const money = (minor: number) => formatMoney(minor, w.currency, m.locale);
  return renderPostcard({
    locale: m.locale,
    subject: t.subject,
    preheader: `${money(w.amount)} → ${w.bank}`,
    heading: t.heading,
    intro: [[t.hello, { strong: m.to.name }, t.sent, { strong: w.bank }, '.']],
    details: [
      { label: t.amount, value: money(w.amount) },
      { label: t.bank, value: w.bank },
      { label: t.reference, value: `#${w.id}` },
      { label: t.balance, value: money(w.balanceAfter) },
    ],
    outro: [[{ strong: t.ifNot }]],
    action: { label: t.action, url: m.statementUrl },
  });
}

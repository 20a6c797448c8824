import type { PasswordResetMessage } from '@marketshare/contracts';
import { renderPostcard, type RenderedEmail } from './postcard.js';

// "Forgot my password": the one link that sets a new password. It never says whether other accounts exist.
const COPY = {
  es: {
    subject: 'Restablece tu contraseña 🔑',
    heading: 'Restablece tu contraseña',
    hello: 'Hola ',
    asked: ', alguien pidió un enlace para elegir una nueva contraseña de tu cuenta.',
    validity: 'El enlace sirve una sola vez y durante 30 minutos. Al usarlo se cierran todas tus sesiones abiertas.',
    ifNot: 'Si no lo pediste tú, ignora este correo: tu contraseña sigue siendo la misma.',
    action: 'Elegir una nueva contraseña',
  },
  en: {
    subject: 'Reset your password 🔑',
    heading: 'Reset your password',
    hello: 'Hello ',
    asked: ', someone asked for a link to choose a new password for your account.',
    validity: 'The link works once and for 30 minutes. Using it signs you out everywhere.',
    ifNot: 'If this was not you, ignore this e-mail: your password stays as it is.',
    action: 'Choose a new password',
  },
} as const;

export function renderPasswordReset(m: PasswordResetMessage): RenderedEmail {
  const t = COPY[m.locale];
  return renderPostcard({
    locale: m.locale,
    subject: t.subject,
    preheader: t.validity,
    heading: t.heading,
    intro: [[t.hello, { strong: m.to.name }, t.asked], [t.validity]],
    outro: [[t.ifNot]],
    action: { label: t.action, url: m.resetUrl },
  });
}

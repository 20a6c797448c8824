import type { AccountChangedMessage } from '@marketshare/contracts';
import { renderPostcard, type RenderedEmail } from './postcard.js';

// A security notice: the account's details changed. It names what changed but never the new values.
const COPY = {
  es: {
    subject: 'Los datos de tu cuenta han cambiado ⚙️',
    heading: 'Los datos de tu cuenta han cambiado',
    hello: 'Hola ',
    changed: ', te avisamos que se modificaron estos datos de tu cuenta: ',
    changedSomething: ', te avisamos que se modificaron los datos de tu cuenta.',
    changes: { email: 'correo electrónico', password: 'contraseña', profile: 'perfil' } as Record<string, string>,
    and: ' y ',
    ifYou: 'Si fuiste tú, no necesitas hacer nada.',
    ifNot: 'Si no reconoces este cambio, cambia tu contraseña de inmediato y revisa los datos de tu cuenta.',
    action: 'Revisar mi cuenta',
  },
  en: {
    subject: 'Your account details have changed ⚙️',
    heading: 'Your account details have changed',
    hello: 'Hello ',
    changed: ', this is to let you know that these details of your account were changed: ',
    changedSomething: ', this is to let you know that your account details were changed.',
    changes: { email: 'e-mail address', password: 'password', profile: 'profile' } as Record<string, string>,
    and: ' and ',
    ifYou: 'If this was you, there is nothing to do.',
    ifNot: 'If you do not recognise this change, change your password at once and review your account.',
    action: 'Review my account',
  },
} as const;

export function renderAccountChanged(m: AccountChangedMessage): RenderedEmail {
  const t = COPY[m.locale];
  const names = [...new Set(m.changes)].map((c) => t.changes[c] ?? c);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')}${t.and}${names.at(-1)}` : (names[0] ?? '');
  return renderPostcard({
    locale: m.locale,
    subject: t.subject,
    preheader: t.ifNot,
    heading: t.heading,
    intro: [list ? [t.hello, { strong: m.to.name }, t.changed, { strong: list }, '.'] : [t.hello, { strong: m.to.name }, t.changedSomething]],
    outro: [[t.ifYou], [{ strong: t.ifNot }]],
    action: { label: t.action, url: m.profileUrl },
  });
}

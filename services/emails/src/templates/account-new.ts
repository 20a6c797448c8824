import type { AccountNewMessage } from '@marketshare/contracts';
import { renderPostcard, type RenderedEmail } from './postcard.js';

// The welcome postcard, sent when an account is registered.
const COPY = {
  es: {
    subject: '¡Bienvenido a marketshare!',
    heading: 'Eres un nuevo miembro de nuestra comunidad ❤️',
    welcome: 'Bienvenido ',
    thanks: ', ¡gracias por crear tu cuenta de ',
    thanksEnd: '!',
    types: { consumer: 'comprador', seller: 'vendedor' },
    network: 'Ahora formas parte de la red de ventas B2B más grande del mundo.',
    nextStep: { consumer: 'Carga saldo y empieza a comprar a otras empresas.', seller: 'Publica tu primer producto y empieza a vender.' },
    action: 'Iniciar sesión',
  },
  en: {
    subject: 'Welcome to marketshare!',
    heading: 'You are a new member of our community ❤️',
    welcome: 'Welcome ',
    thanks: ', thank you for creating your ',
    thanksEnd: ' account!',
    types: { consumer: 'consumer', seller: 'seller' },
    network: 'You are now part of the largest B2B sales network in the world.',
    nextStep: { consumer: 'Add funds and start buying from other businesses.', seller: 'Publish your first product and start selling.' },
    action: 'Sign in',
  },
} as const;

export function renderAccountNew(m: AccountNewMessage): RenderedEmail {
  const t = COPY[m.locale];
  const type = t.types[m.accountType];
  return renderPostcard({
    locale: m.locale,
    subject: t.subject,
    preheader: t.network,
    heading: t.heading,
    intro: [
      [t.welcome, { strong: m.to.name }, t.thanks, { strong: type.toUpperCase() }, t.thanksEnd],
      [t.network],
      [t.nextStep[m.accountType]],
    ],
    action: { label: t.action, url: m.loginUrl },
  });
}

import { describe, expect, it } from 'vitest';
import { DETAIL_CODES, PERSON_ERROR_CODES } from '@marketshare/contracts';
import { en, es } from '../src/lib/dictionaries.js';
import { formatMoney } from '../src/lib/format.js';
import { detailText, refusalText } from '../src/lib/refusals.js';

// A service's refusal is shown in the person's language from its code and params, never in the service's English
// (issue: raw English validator text in the Spanish UI).

describe('refusalText', () => {
  it('words every code a page can meet in both languages, each differently', () => {
    for (const code of PERSON_ERROR_CODES) {
      const [spanish, english] = [refusalText(code, {}, es, 'es'), refusalText(code, {}, en, 'en')];
      expect(spanish, code).not.toBe(es.refusals.refused);
      expect(english, code).not.toBe(en.refusals.refused);
      expect(spanish, code).not.toBe(english);
    }
  });

  it('fills money params as money, statuses by their label and sizes in megabytes, in the page\'s language', () => {
    expect(refusalText('insufficient_funds', { missing: 12_345, balance: 100, currency: 'ARS' }, es, 'es'))
      .toBe(`A tu saldo le faltan ${formatMoney(12_345, 'ARS', 'es')}.`);
    expect(refusalText('insufficient_funds', { missing: 12_345, currency: 'ARS' }, en, 'en')).toContain(formatMoney(12_345, 'ARS', 'en'));
    expect(refusalText('order_not_cancellable', { status: 'EN_DISTRIBUCION' }, es, 'es')).toBe('Esta orden ya no se puede cancelar: su estado es «En distribución».');
    expect(refusalText('order_not_delivered', { status: 'RECIBIDO' }, en, 'en')).toContain('“Received”');
    expect(refusalText('image_too_large', { limit: 5 * 1024 * 1024 }, es, 'es')).toBe('Una de las imágenes pesa más de 5 MB.');
    expect(refusalText('too_many_images', { limit: 4, left: 1 }, es, 'es')).toBe('Un producto tiene como máximo 4 imágenes.');
    expect(refusalText('rate_limited', { seconds: 1 }, es, 'es')).toBe('Demasiados intentos. Volvé a intentar en 1 segundo.');
  });

  it('gives a code it does not know the generic text of the person\'s language, never anything else', () => {
    expect(refusalText('some_new_code', { message: 'The widget is broken' }, es, 'es')).toBe(es.refusals.refused);
    expect(refusalText('some_new_code', undefined, en, 'en', 500)).toBe(en.refusals.internal_error);
    expect(refusalText('toString', undefined, es, 'es')).toBe(es.refusals.refused); // not a property of every object
  });
});

describe('detailText', () => {
  it('words every service\'s own detail code in both languages', () => {
    for (const code of DETAIL_CODES) {
      const spanish = detailText({ field: 'x', message: 'English', code }, es, 'es');
      expect(spanish, code).not.toBe(es.validation.invalid);
      expect(spanish, code).not.toBe(detailText({ field: 'x', message: 'English', code }, en, 'en'));
    }
  });

  it('never shows a detail\'s English message, even without a code', () => {
    expect(detailText({ field: 'color', message: 'must be one of: rojo', code: 'color_not_offered', params: { colors: 'rojo' } }, es, 'es'))
      .toBe(es.refusals.fields.color_not_offered);
    expect(detailText({ field: 'name', message: 'is wrong somehow' }, es, 'es')).toBe(es.validation.invalid);
    expect(detailText({ field: 'name', message: 'is wrong somehow', code: 'someNewKeyword' }, en, 'en')).toBe(en.validation.invalid);
    expect(detailText({ field: 'amount', message: 'must be <= 100', code: 'maximum', params: { limit: 10_000 } }, es, 'es', { fields: ['amount'], currency: 'ARS' }))
      .toBe(`Tiene que ser como máximo ${formatMoney(10_000, 'ARS', 'es')}`);
  });
});

import { describe, expect, it } from 'vitest';
import { en, es } from '../src/lib/dictionaries.js';
import { fmt } from '../src/lib/template.js';

// The dictionaries' counts read as a person writes them (issue #14, item 11): "1 producto", never "1 productos".

describe('fmt', () => {
  it('fills placeholders and leaves unknown ones as they are', () => {
    expect(fmt('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('chooses the singular for exactly one and the plural otherwise, in both languages', () => {
    expect([0, 1, 2, 21].map((n) => fmt(es.catalog.results, { n }))).toEqual(['0 productos', '1 producto', '2 productos', '21 productos']);
    expect([0, 1, 2].map((n) => fmt(en.catalog.results, { n }))).toEqual(['0 products', '1 product', '2 products']);
    expect(fmt(es.product.stock, { n: 1 })).toBe('Stock disponible (1 restante)');
    expect(fmt(es.product.ratingCount, { n: 1 })).toBe('1 valoración');
    expect(fmt(es.product.stockLeft, { n: 1 })).toBe('Queda 1: la cantidad ahora es 1.');
  });

  it('takes a number already formatted for the language (a decimal comma is not one)', () => {
    expect(fmt(es.review.starN, { n: '4,5' })).toBe('4,5 estrellas');
    expect(fmt(es.review.starN, { n: '1' })).toBe('1 estrella');
  });

  it('leaves no count without its plural form in either dictionary', () => {
    // a "{n} word" whose word is a plural noun must choose: every such text has a {n|…|…} choice
    const texts = (d: object): string[] => Object.values(d).flatMap((v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? texts(v) : []));
    const bare = [...texts(en), ...texts(es)].filter((t) => /\{n\} (products|reviews|ratings|stars|productos|reseñas|valoraciones|calificaciones|estrellas|restantes|cargadas|encontrados)\b/.test(t));
    expect(bare).toEqual([]);
  });
});

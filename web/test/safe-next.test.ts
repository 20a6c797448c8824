import { describe, expect, it } from 'vitest';
import { safeNext } from '../src/lib/safe-next.js';

// Where the web app sends a person after signing in: only paths on this site survive, checked after the browser's
// own normalization.

describe('safeNext', () => {
  it.each([
    '/.//evil.example/phish',
    '/./\\evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
    '/a/..//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    'https://evil.example/',
    'evil.example',
    '',
  ])('refuses %j', (next) => {
    expect(safeNext(next)).toBe('/');
  });

  it.each([
    ['/orders?page=2#top', '/orders?page=2#top'],
    ['/products/7', '/products/7'],
    ['/a/./b/../c', '/a/c'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps %j as %j', (next, kept) => {
    expect(safeNext(next)).toBe(kept);
  });
});

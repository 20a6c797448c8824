import { describe, expect, it } from 'vitest';
import nextConfig, { securityHeaders } from '../next.config.js';

// The headers the web app sends on every page (next.config.ts), as Next reads them from its config.

const byName = (headers: { key: string; value: string }[]) => Object.fromEntries(headers.map((h) => [h.key.toLowerCase(), h.value]));

describe('web security headers', () => {
  it('are sent on every path', async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.source).toBe('/:path*');
  });

  it('forbid framing, plugins, foreign base and form targets, sniffing and full referrers', () => {
    const h = byName(securityHeaders('http://localhost:8080'));
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy']).toContain("object-src 'none'");
    expect(h['content-security-policy']).toContain("base-uri 'self'");
    expect(h['content-security-policy']).toContain("form-action 'self'");
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['strict-transport-security']).toBeUndefined();
  });

  it('add HSTS only when the public URL is https', () => {
    expect(byName(securityHeaders('https://marketshare.example'))['strict-transport-security']).toMatch(/^max-age=\d+/);
  });
});

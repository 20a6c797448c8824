import { describe, expect, it } from 'vitest';
import nextConfig, { securityHeaders } from '../next.config.js';
import { contentSecurityPolicy } from '../src/lib/content-security-policy.js';

// The headers the web app sends on every page (next.config.ts), as Next reads them from its config, and the
// Content-Security-Policy the proxy adds. e2e/test/web-security.test.ts checks them in a real browser.

const byName = (headers: { key: string; value: string }[]) => Object.fromEntries(headers.map((h) => [h.key.toLowerCase(), h.value]));

describe('web security headers', () => {
  it('are sent on every path', async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.source).toBe('/:path*');
  });

  it('forbid framing, sniffing and full referrers', () => {
    const h = byName(securityHeaders('http://localhost:8080'));
    expect(h['content-security-policy']).toBeUndefined(); // the proxy's, with the render's nonce
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['strict-transport-security']).toBeUndefined();
  });

  it('add HSTS only when the public URL is https', () => {
    expect(byName(securityHeaders('https://marketshare.example'))['strict-transport-security']).toMatch(/^max-age=\d+/);
  });
});

describe('content security policy', () => {
  const directives = (policy: string) => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

  it('lets scripts run only with the render\'s nonce, and loads nothing from elsewhere', () => {
    const d = directives(contentSecurityPolicy('abc123', false));
    expect(d['script-src']).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(d['default-src']).toBe("'self'");
    expect(d['img-src']).toBe("'self' data: blob:");
    expect(d['connect-src']).toBe("'self'");
    expect(d['frame-ancestors']).toBe("'none'");
    expect(d['object-src']).toBe("'none'");
    expect(d['base-uri']).toBe("'self'");
    expect(d['form-action']).toBe("'self'");
  });

  it("allows eval only to Next.js's development server", () => {
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy('n', false)).not.toContain('unsafe-eval');
  });
});

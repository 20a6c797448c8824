import type { NextConfig } from 'next';

/**
 * Headers on every answer of the web app. The Content-Security-Policy holds what works with shared guest renders
 * and Next's inline scripts (no per-request nonce): no framing, no plugins, no foreign <base> or form targets.
 * Restricting scripts themselves needs hashes or one nonce per cached render, which is not done yet.
 */
export function securityHeaders(publicUrl = process.env.PUBLIC_URL ?? ''): { key: string; value: string }[] {
  const headers = [
    { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'" },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  ];
  if (publicUrl.startsWith('https://')) headers.push({ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' });
  return headers;
}

const nextConfig: NextConfig = {
  headers: async () => [{ source: '/:path*', headers: securityHeaders() }],
  // The image (deploy/docker/node.Dockerfile) builds with NEXT_OUTPUT=standalone: a server with only the files it
  // needs. `npm start` runs `next start` from the workspace, which standalone output does not support.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  transpilePackages: ['@marketshare/contracts', '@marketshare/microcache'],
  // A second build directory lets a test instance run beside the one `npm start` serves.
  distDir: process.env.WEB_DIST_DIR || '.next',
  poweredByHeader: false,
  // The proxy must see Next.js's navigation headers and the `_rsc` parameter to tell a page request from a
  // client navigation (lib/guest-pages.ts shares only the former).
  skipProxyUrlNormalize: true,
  // Images are served by the gateway (/images/...) and the product form uploads up to 4 × 5 MB.
  images: { unoptimized: true },
  experimental: {
    serverActions: { bodySizeLimit: '25mb' },
    proxyClientMaxBodySize: '25mb',
  },
};

export default nextConfig;

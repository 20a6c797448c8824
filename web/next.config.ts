import type { NextConfig } from 'next';

/**
 * Headers on every answer of the web app. The Content-Security-Policy is not here: it names the nonce of each
 * render, so the proxy sets it (src/proxy.ts, src/lib/content-security-policy.ts).
 */
export function securityHeaders(publicUrl = process.env.PUBLIC_URL ?? ''): { key: string; value: string }[] {
  const headers = [
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
  // The original system's addresses, bookmarked and linked from old e-mails, still lead somewhere: 308 keeps the
  // method and tells crawlers the move is permanent. Redirects run before the proxy (src/proxy.ts).
  redirects: async () => [
    { source: '/home', destination: '/', permanent: true },
    { source: '/product/create', destination: '/products/new', permanent: true },
    { source: '/product/:id(\\d{1,10})', destination: '/products/:id', permanent: true },
  ],
  experimental: {
    // the product form's images; every other body is refused past 1 MB by the proxy (src/lib/request-body-limit.ts)
    serverActions: { bodySizeLimit: '25mb' },
    proxyClientMaxBodySize: '25mb',
  },
};

export default nextConfig;

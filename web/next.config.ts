import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server bundle: the deploy images copy .next/standalone and run `node server.js`.
  output: 'standalone',
  outputFileTracingRoot: new URL('..', import.meta.url).pathname,
  transpilePackages: ['@marketshare/contracts'],
  poweredByHeader: false,
  // Images are served by the gateway (/images/...) and the product form uploads up to 4 × 5 MB.
  images: { unoptimized: true },
  experimental: {
    serverActions: { bodySizeLimit: '25mb' },
    proxyClientMaxBodySize: '25mb',
  },
};

export default nextConfig;

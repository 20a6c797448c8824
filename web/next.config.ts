import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
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

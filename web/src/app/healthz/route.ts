// Liveness for probes, the gateway and the start script: the web server answers; it does not check the services
// (and the proxy's matcher skips this path, so no token refresh runs either).
export const dynamic = 'force-dynamic';
export function GET() {
  return Response.json({ status: 'ok' });
}

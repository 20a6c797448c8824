// Liveness for probes and the start script: the web server answers; it does not check the services.
export const dynamic = 'force-dynamic';
export function GET() {
  return Response.json({ status: 'ok' });
}

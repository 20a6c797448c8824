// Readiness for Kubernetes, the gateway and the start script: the web server is up and has warmed up (lib/warm-up.ts;
// 503 until then, a second or two after a start). Deliberately no service checks: each service has its own probes,
// and the pages already degrade when one is down, so a service outage must not take web out of rotation.
import { isWarm } from '@/lib/warm-up';

export const dynamic = 'force-dynamic';
export function GET() {
  return isWarm() ? Response.json({ status: 'ok' }) : Response.json({ status: 'warming' }, { status: 503 });
}

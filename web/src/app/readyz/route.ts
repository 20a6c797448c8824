// Readiness for Kubernetes: the web server is up and serving. Deliberately no service checks: each service has its
// own probes, and the pages already degrade when one is down, so a service outage must not take web out of rotation.
export const dynamic = 'force-dynamic';
export { GET } from '../healthz/route';

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedMetrics, metricsInPromQL, readText } from './helpers.js';

// (e) The Grafana dashboard reads only metrics the services export.

type Panel = { id: number; type: string; title: string; targets?: { expr: string }[] };
const dashboard = JSON.parse(readText('deploy/observability/grafana/dashboards/marketshare.json')) as {
  uid: string; panels: Panel[]; templating: { list: { definition?: string }[] };
};
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');
const dashboardMetrics = () => new Set(queryPanels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricsInPromQL(t.expr))));

describe('grafana dashboard (static)', () => {
  it('parses, has a uid and a query on every panel', () => {
    expect(dashboard.uid).toBe('marketshare');
    expect(queryPanels.length).toBeGreaterThanOrEqual(8);
    for (const p of queryPanels) expect(p.targets?.length, p.title).toBeGreaterThan(0);
  });

  it('every panel query names only metrics documented in docs/internals.md', () => {
    const documented = documentedMetrics();
    expect(documented).toContain('http_request_duration_seconds');
    for (const p of queryPanels) {
      for (const t of p.targets ?? []) {
        const used = metricsInPromQL(t.expr);
        expect(used.length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
        for (const m of used) expect(documented, `${p.title} uses ${m}`).toContain(m);
      }
    }
  });

  it('the metric check can fail: an undocumented name is caught', () => {
    expect(metricsInPromQL('sum by (service) (rate(http_requests_total{status_code=~"5.."}[5m]))')).toEqual(['http_requests_total']);
    expect(documentedMetrics()).not.toContain('http_requests_total');
  });

  it('shows request rate, errors, p50/p95/p99 latency, orders by status, e-mails and the outbox', () => {
    const exprs = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const q of ['0.5', '0.95', '0.99']) expect(exprs).toContain(`histogram_quantile(${q}, sum by (service, le) (rate(http_request_duration_seconds_bucket`);
    expect(exprs).toMatch(/status_code=~"5\.\."/);
    expect([...dashboardMetrics()]).toEqual(expect.arrayContaining(['orders_created_total', 'order_transitions_total',
      'emails_sent_total', 'emails_dead_lettered_total', 'outbox_pending_messages']));
    expect(exprs).toMatch(/sum by \(status\) \(increase\(orders_created_total/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Live: the services really export what the dashboard reads, and the real Prometheus scrapes them.
const SERVICES = ['auth', 'users', 'products', 'orders', 'emails'] as const;
// Every service is started through test-env (real databases and broker), as the rest of the suite does.

// Metrics only some services have; every other dashboard metric must come from each running service.
const OWNERS: Record<string, string[]> = {
  orders_created_total: ['orders'], order_transitions_total: ['orders'],
  emails_sent_total: ['emails'], emails_dead_lettered_total: ['emails'], emails_retried_total: ['emails'],
  email_send_duration_seconds: ['emails'], outbox_pending_messages: ['users', 'orders'], outbox_published_total: ['users', 'orders'],
};

describe('dashboard against a live /metrics scrape of every service', () => {
  let stack: Awaited<ReturnType<typeof import('@marketshare/test-env').startStack>>;
  const families: Record<string, Set<string>> = {};
  let prometheus: ChildProcess | undefined;

  beforeAll(async () => {
    const { startStack } = await import('@marketshare/test-env');
    stack = await startStack({ services: [...SERVICES] });
    for (const s of SERVICES) {
      const text = await (await fetch(`${stack.url(s)}/metrics`)).text();
      families[s] = new Set([...text.matchAll(/^# TYPE (\S+) \S+$/gm)].map((m) => m[1]));
    }
  }, 120_000);

  let alertmanager: ChildProcess | undefined;
  let smtp: SMTPServer | undefined;
  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    alertmanager?.kill('SIGTERM');
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await stack?.stop();
  });

  it('every dashboard metric is exported by the services that own it', () => {
    for (const m of dashboardMetrics()) {
      const owners = OWNERS[m] ?? [...SERVICES];
      for (const s of owners) expect(families[s], `${s} exports ${m}`).toContain(m);
    }
  });

  it('the real Prometheus finds every service target up and has request-duration data', async () => {
    const { freePort } = await import('@marketshare/test-env');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'ms-prometheus-'));
    const targets = SERVICES.map((s) => new URL(stack.url(s)).host);
    writeFileSync(join(dir, 'prometheus.yml'), `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: marketshare\n    static_configs:\n      - targets: ${JSON.stringify(targets)}\n`);
    prometheus = spawn('/usr/bin/prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    for (const s of SERVICES) await fetch(`${stack.url(s)}/healthz`);
    // null until Prometheus answers with JSON (it says "Service Unavailable" while it starts)
    const api = (q: string) => fetch(`http://127.0.0.1:${port}/api/v1/${q}`).then((r) => r.json() as Promise<any>).catch(() => null);
    let up: string[] = [];
    let series = 0;
    for (const until = Date.now() + 90_000; Date.now() < until && (up.length < targets.length || series === 0);) {
      await new Promise((r) => setTimeout(r, 500));
      const t = await api('targets');
      up = (t?.data?.activeTargets ?? []).filter((x: any) => x.health === 'up').map((x: any) => x.labels.instance);
      series = (await api('query?query=http_request_duration_seconds_count'))?.data?.result?.length ?? 0;
    }
    expect(up.sort()).toEqual([...targets].sort());
    expect(series).toBeGreaterThan(0);
  }, 150_000);

  // The real Prometheus with the real alert rules, sending to the real Alertmanager (Debian's
  // prometheus-alertmanager) with the real alertmanager.yml, which mails a real SMTP server. Only what a test
  // cannot wait for or reach is changed: rules fire without their `for:` delay, the mail goes to this test's SMTP
  // server instead of maildev, and Alertmanager groups for 1 s and 2 s instead of 30 s and 5 minutes.
  it('a firing alert reaches the real Alertmanager, which mails it', async () => {
    const { freePort } = await import('@marketshare/test-env');
    const [promPort, amPort, smtpPort, deadPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const mails: string[] = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let text = '';
        stream.on('data', (d) => (text += d));
        stream.on('end', () => { mails.push(text); done(); });
      },
    });
    await new Promise<void>((r) => smtp!.listen(smtpPort, '127.0.0.1', () => r()));

    const dir = mkdtempSync(join(tmpdir(), 'ms-alerting-'));
    const amConfig = readText('deploy/observability/alertmanager.yml')
      .replace(/smtp_smarthost: \S+/, `smtp_smarthost: 127.0.0.1:${smtpPort}`)
      .replace(/group_wait: \S+/, 'group_wait: 1s')
      .replace(/group_interval: \S+/, 'group_interval: 2s');
    expect(amConfig).toContain(`127.0.0.1:${smtpPort}`);
    writeFileSync(join(dir, 'alertmanager.yml'), amConfig);
    alertmanager = spawn('/usr/bin/prometheus-alertmanager', [`--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'am-data')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address='], { stdio: ['ignore', 'ignore', 'pipe'] });
    let amLog = '';
    alertmanager.stderr!.on('data', (d) => (amLog += d));

    writeFileSync(join(dir, 'alerts.yml'), readText('deploy/observability/alerts.yml').replace(/^(\s+)for: \S+$/gm, '$1for: 0s'));
    // the five services as compose labels them, plus a second orders instance that does not answer
    const targets = SERVICES.map((s) => ({ targets: [new URL(stack.url(s)).host], labels: { app: s } }));
    targets.push({ targets: [`127.0.0.1:${deadPort}`], labels: { app: 'orders' } });
    writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['alerts.yml'],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
      scrape_configs: [{ job_name: 'marketshare', static_configs: targets }],
    }));
    prometheus?.kill('SIGTERM');
    prometheus = spawn('/usr/bin/prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`], { stdio: 'ignore' });

    const json = (url: string) => fetch(url).then((r) => r.json() as Promise<any>, () => null);
    let received: any[] = [];
    for (let i = 0; i < 120 && (received.length === 0 || mails.length === 0); i++) {
      await new Promise((r) => setTimeout(r, 500));
      const alerts = (await json(`http://127.0.0.1:${amPort}/api/v2/alerts`)) ?? [];
      received = alerts.filter((a: any) => a.labels.alertname === 'ServiceDown');
    }
    expect(received.map((a) => a.labels)).toEqual([expect.objectContaining({
      alertname: 'ServiceDown', app: 'orders', instance: `127.0.0.1:${deadPort}`, severity: 'critical' })]);
    expect(received[0].status.state).toBe('active');
    expect(mails.length, `no mail; Alertmanager said:\n${amLog.slice(-3000)}`).toBeGreaterThan(0);
    expect(mails.join('\n')).toMatch(/^To: operators@marketshare\.local/m);
    expect(mails.join('\n')).toMatch(/^Subject: \[FIRING:1\] ServiceDown/m);
  }, 90_000);
});

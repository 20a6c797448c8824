import { describe, expect, it } from 'vitest';
import { brokenCopy, documentedMetrics, metricsInPromQL, parseYamlDocs, readText, readYaml, repoPath, runTool } from './helpers.js';

// (d) promtool accepts every Prometheus config and the alert rules, and the rules behave as their unit tests say.

const PROMTOOL = '/usr/bin/promtool';
const CONFIGS = ['prometheus.yml', 'prometheus.local.yml', 'prometheus.k8s.yml'];

describe('prometheus configuration', () => {
  it.each(CONFIGS)('promtool check config accepts deploy/observability/%s', async (file) => {
    const r = await runTool(PROMTOOL, ['check', 'config', repoPath('deploy/observability', file)]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: \d+ rule files? found/);
  });

  it('promtool check rules accepts alerts.yml', async () => {
    const r = await runTool(PROMTOOL, ['check', 'rules', repoPath('deploy/observability/alerts.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('the alert rules fire as alerts.test.yml expects (promtool test rules)', async () => {
    const r = await runTool(PROMTOOL, ['test', 'rules', repoPath('deploy/observability/alerts.test.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('promtool rejects a broken rule file (the check can fail)', async () => {
    const r = await runTool(PROMTOOL, ['check', 'rules', brokenCopy('deploy/observability/alerts.yml', '> 0.05', '> > 0.05')]);
    expect(r.code).not.toBe(0);
  });

  it('alerts cover error rate, p99 latency, dead letters and the outbox, with documented metrics only', () => {
    const [doc] = parseYamlDocs(readText('deploy/observability/alerts.yml'));
    const rules = doc.groups.flatMap((g: any) => g.rules);
    const names = rules.map((r: any) => r.alert);
    expect(names).toEqual(expect.arrayContaining(['HighErrorRate', 'HighLatencyP99', 'DeadLetterQueueGrowing', 'OutboxBacklog']));
    const documented = documentedMetrics();
    for (const r of rules) {
      for (const m of metricsInPromQL(r.expr)) if (m !== 'up') expect(documented, `${r.alert}: ${m}`).toContain(m);
    }
  });

  it('amtool check-config accepts alertmanager.yml, whose mail goes to the mailbox compose runs', async () => {
    const r = await runTool('/usr/bin/amtool', ['check-config', repoPath('deploy/observability/alertmanager.yml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [am] = parseYamlDocs(readText('deploy/observability/alertmanager.yml'));
    const compose = readYaml<{ services: Record<string, any> }>('compose.yaml');
    expect(compose.services[am.global.smtp_smarthost.split(':')[0]]).toBeTruthy();
  });

  it('compose and the cluster send alerts to an Alertmanager; compose runs it with alertmanager.yml', () => {
    for (const file of ['prometheus.yml', 'prometheus.k8s.yml']) {
      const [cfg] = parseYamlDocs(readText(`deploy/observability/${file}`));
      expect(cfg.alerting.alertmanagers[0].static_configs[0].targets, file).toEqual(['alertmanager:9093']);
    }
    const am = readYaml<{ services: Record<string, any> }>('compose.yaml').services.alertmanager;
    expect(am.volumes).toContain('./deploy/observability/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro');
    expect(am.command).toContain('--config.file=/etc/alertmanager/alertmanager.yml');
  });

  it('compose and local configs scrape every service and the gateway exporter', () => {
    const targets = (file: string) => {
      const [cfg] = parseYamlDocs(readText(`deploy/observability/${file}`));
      return cfg.scrape_configs.flatMap((s: any) => (s.static_configs ?? []).flatMap((c: any) => c.targets));
    };
    expect(targets('prometheus.yml')).toEqual(expect.arrayContaining(
      ['auth:8040', 'users:8070', 'products:8060', 'orders:8050', 'emails:8030', 'gateway:8404']));
    expect(targets('prometheus.local.yml')).toEqual(expect.arrayContaining(
      ['127.0.0.1:8040', '127.0.0.1:8070', '127.0.0.1:8060', '127.0.0.1:8050', '127.0.0.1:8030', '127.0.0.1:8404']));
  });
});

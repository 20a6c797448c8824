import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ordersApi, productsApi, usersApi } from '@marketshare/contracts';
import {
  MYSQL_ROOT,
  PG_ROOT,
  RABBITMQ_URL,
  TEST_SECRETS,
  bodyOf,
  freePort,
  send,
  tokenRequest,
  type Stack,
} from '@marketshare/test-env';
import { removeBrokerTopology } from '@marketshare/emails';
// @ts-expect-error a plain script, without type declarations
import { docker, ensureBaseImage, ensureDockerEngine } from '../../scripts/lib/docker.mjs';
// @ts-expect-error a plain script, without type declarations
import { buildImages, imageSize, sizeTable } from '../../scripts/build-images.mjs';
// @ts-expect-error a plain script, without type declarations
import { dropDatabases } from '../../scripts/lib/databases.mjs';
// @ts-expect-error a plain script, without type declarations
import { E2E_LIMITS, root } from '../../scripts/lib/env.mjs';

// The project's images, built here from compose.yaml's build sections on the Debian + Node base this machine makes
// (no Docker Hub), then started as the cluster runs them (non-root, read-only root filesystem, a tmpfs /tmp, a
// volume for product images, no capabilities) against this machine's real MariaDB, PostgreSQL and RabbitMQ and a
// dev mailbox (maildev) of the test's own, on the host network with databases and ports of their own. A journey of
// its own, then the e2e suite's journeys (browser, mailbox, OAuth client), go through the containerized gateway only.

const engine = await ensureDockerEngine();
const SERVICES = { auth: 'AUTH', users: 'USERS', products: 'PRODUCTS', orders: 'ORDERS', emails: 'EMAILS' } as const;
type Service = keyof typeof SERVICES;
const NODE_SERVICES = Object.keys(SERVICES) as Service[];
/** Targets of the issue: what an image may add to its base. */
const MAX_ABOVE_BASE_MB: Record<string, number> = { web: 250, gateway: 150, ...Object.fromEntries(NODE_SERVICES.map((s) => [s, 150])) };
const DEV_ONLY = ['typescript', 'vitest', '@vitest', 'eslint', 'playwright-core', 'drizzle-kit', 'maildev', 'tsx'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What scripts/build-images.mjs returns for each image. */
type Built = { service: string; image: string; base: string; seconds: number };
const run = (args: string[]): string => {
  const r: { status: number; stdout: string; stderr: string } = docker(args);
  if (r.status !== 0) throw new Error(`docker ${args.slice(0, 2).join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
};

describe.skipIf(!engine.ok)(`the images, built and run${engine.ok ? '' : ` (skipped: ${!engine.ok && engine.reason})`}`, () => {
  let built: Built[];
  const image = (service: string) => built.find((b) => b.service === service)!.image;

  beforeAll(async () => {
    const started = Date.now();
    const baseImage = await ensureBaseImage();
    built = buildImages({ baseImage, log: (m: string) => console.log(`[images test] ${m}`) });
    console.log(`[images test] all images built in ${((Date.now() - started) / 1000).toFixed(0)} s\n${sizeTable(built)}`);
  }, 30 * 60_000);

  describe('what each image carries', () => {
    /** Every path under /app outside node_modules, and the packages installed at the top of node_modules. */
    const contents = (service: string): { files: string[]; modules: string[] } => {
      const out = run(['run', '--rm', '--entrypoint', 'sh', image(service), '-c',
        'find /app -path "*/node_modules" -prune -o -print; echo ---; ls /app/node_modules; ls /app/node_modules/@marketshare 2>/dev/null; true']);
      const [files, modules] = out.split('\n---\n');
      return { files: files!.split('\n'), modules: modules!.split(/\s+/) };
    };

    it.each(NODE_SERVICES)('%s: its own dist and production dependencies, no sources, tests or other services', (service) => {
      const { files, modules } = contents(service);
      expect(files).toContain(`/app/services/${service}/dist/main.js`);
      expect(files).toContain('/app/packages/service-kit/dist/index.js');
      expect(files.filter((f) => f.startsWith('/app/services/') && !f.startsWith(`/app/services/${service}`)).slice(0, 3)).toEqual([]);
      expect(files.filter((f) => /\/(src|test)(\/|$)|\.test\.|tsconfig|\.tsbuildinfo/.test(f)).slice(0, 3)).toEqual([]);
      expect(files.some((f) => f.startsWith('/app/web') || f.startsWith('/app/e2e') || f.startsWith('/app/packages/test-env'))).toBe(false);
      expect(modules.filter((m) => DEV_ONLY.includes(m) || m === 'next' || m === 'react')).toEqual([]);
    });

    it('web: the standalone server and its traced files only', () => {
      const { files, modules } = contents('web');
      expect(files).toContain('/app/web/server.js');
      expect(files.some((f) => f.startsWith('/app/services') || /\/(src|test)(\/|$)/.test(f))).toBe(false);
      expect(modules).toContain('next');
      expect(modules.filter((m) => DEV_ONLY.includes(m))).toEqual([]);
    });

    it("gateway: Debian's HAProxy accepts the compose configuration baked in as its default", () => {
      const check = docker(['run', '--rm', image('gateway'), 'haproxy', '-c', '-f', '/usr/local/etc/haproxy/haproxy.cfg']);
      expect(check.status, check.stderr).toBe(0);
    });

    it('every image stays within what it may add to its base', () => {
      const above = Object.fromEntries(built.map((b) => [b.service, Math.round((imageSize(b.image)! - imageSize(b.base)!) / 1e6)]));
      for (const [service, mb] of Object.entries(above)) expect(mb, `${service} adds ${mb} MB`).toBeLessThanOrEqual(MAX_ABOVE_BASE_MB[service]!);
    });
  });

  describe('the system in containers, through the gateway', () => {
    const id = randomBytes(3).toString('hex');
    const name = (s: string) => `marketshare-test-${id}-${s}`;
    const volume = `marketshare-test-${id}-images`;
    const started: string[] = [];
    let mailbox: ChildProcess | undefined;
    let mailboxUrl = '';
    let gateway = '';
    let ports: Record<string, string> = {};
    let env: Record<string, string> = {};

    const logs = () =>
      started.map((c) => `--- ${c}\n${docker(['logs', '--tail', '30', c]).stdout}${docker(['logs', '--tail', '30', c]).stderr}`).join('\n');

    /** Starts a container as the cluster files run it: non-root, read-only root, tmpfs /tmp, no capabilities. */
    const start = (service: string, vars: Record<string, string>, extra: string[] = []) => {
      const args = ['run', '-d', '--name', name(service), '--network', 'host', '--read-only', '--tmpfs', '/tmp',
        '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', ...extra];
      for (const [k, v] of Object.entries(vars)) args.push('-e', `${k}=${v}`);
      run([...args, image(service)]);
      started.push(name(service));
    };

    /** Waits until `url` answers 2xx; fails at once, with the container's log, if the container stops. */
    const ready = async (service: string, url: string, timeoutMs = 120_000) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (run(['inspect', '--format', '{{.State.Running}}', name(service)]) !== 'true') break;
        if (await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)) return;
        await sleep(500);
      }
      throw new Error(`${service} did not become ready at ${url}:\n${docker(['logs', '--tail', '40', name(service)]).stdout}${docker(['logs', '--tail', '40', name(service)]).stderr}`);
    };

    beforeAll(async () => {
      ports = Object.fromEntries(
        await Promise.all(['gateway', 'stats', 'web', 'smtp', 'mailbox', ...NODE_SERVICES].map(async (s) => [s, String(await freePort())] as const)),
      );
      mailbox = spawn(process.execPath, [`${root}/scripts/lib/mailbox.mjs`, '--smtp', ports.smtp!, '--web', ports.mailbox!, '--ip', '127.0.0.1', '--silent'], { stdio: 'ignore' });
      mailboxUrl = `http://127.0.0.1:${ports.mailbox}`;
      gateway = `http://localhost:${ports.gateway}`;
      env = {
        ...TEST_SECRETS,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PUBLIC_URL: gateway,
        RABBITMQ_URL,
        EMAIL_EXCHANGE: `emails_containers_${id}`,
        EMAIL_QUEUE_PREFIX: `containers_${id}.`,
        SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
        MAIL_FROM: 'Marketshare <no-reply@marketshare.test>',
        MAX_TIME_TO_PROGRESS: '4',
        // the e2e journeys' limits, as in npm test's system
        ...E2E_LIMITS,
      };
      for (const [s, VAR] of Object.entries(SERVICES)) {
        env[`${VAR}_PORT`] = ports[s]!;
        env[`${VAR}_URL`] = `http://127.0.0.1:${ports[s]}`;
        env[`${VAR}_DATABASE_URL`] = `${s === 'users' ? MYSQL_ROOT : PG_ROOT}/containers_${id}_${s}`;
      }
      delete env.EMAILS_URL;

      docker(['volume', 'create', volume]);
      start('auth', env);
      await ready('auth', `${env.AUTH_URL}/readyz`);
      for (const s of NODE_SERVICES.filter((s) => s !== 'auth')) start(s, env, s === 'products' ? ['-v', `${volume}:/data/images`] : []);
      start('web', { ...env, WEB_PORT: ports.web! }, ['--tmpfs', '/app/web/.next/cache:uid=1000,gid=1000']);
      const addr = (p: string) => `127.0.0.1:${p}`;
      start('gateway', {
        GATEWAY_BIND: '127.0.0.1', GATEWAY_PORT: ports.gateway!, GATEWAY_STATS_PORT: ports.stats!,
        AUTH_ADDR: addr(ports.auth!), USERS_ADDR: addr(ports.users!), PRODUCTS_ADDR: addr(ports.products!),
        ORDERS_ADDR: addr(ports.orders!), WEB_ADDR: addr(ports.web!),
      }, ['-v', `${root}/deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro`]);
      await Promise.all([
        ...NODE_SERVICES.map((s) => ready(s, `${env[`${SERVICES[s]}_URL`] ?? `http://127.0.0.1:${ports[s]}`}/readyz`)),
        ready('web', `http://127.0.0.1:${ports.web}/readyz`), // warmed up (web/src/lib/warm-up.ts)
        ready('gateway', `${gateway}/.well-known/oauth-authorization-server`),
        (async () => {
          for (const until = Date.now() + 30_000; Date.now() < until; await sleep(250)) {
            if (await fetch(`${mailboxUrl}/email`).then((r) => r.ok, () => false)) return;
          }
          throw new Error('the dev mailbox (maildev) did not start');
        })(),
      ]);
    }, 5 * 60_000);

    afterAll(async () => {
      for (const c of started) docker(['rm', '-f', '-v', c]);
      docker(['volume', 'rm', '-f', volume]);
      mailbox?.kill();
      if (env.EMAIL_EXCHANGE) {
        await removeBrokerTopology(env).catch(() => undefined);
        await dropDatabases(env).catch(() => undefined);
      }
    }, 120_000);

    it('runs every container as a non-root user on a read-only root filesystem', () => {
      for (const c of started) {
        const [user, readOnly] = run(['inspect', '--format', '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}', c]).split(' ');
        expect(readOnly, c).toBe('true');
        const uid = run(['exec', c, 'id', '-u']);
        expect(uid, `${c} runs as ${user}`).not.toBe('0');
        expect(docker(['exec', c, 'touch', '/usr/local/probe']).status, c).not.toBe(0);
      }
    });

    it('registers, logs in, publishes a product with an image, buys it, sees it delivered and gets the mails', async () => {
      try {
        // the typed client, every service reached through the containerized gateway
        const through = { url: () => gateway } as unknown as Stack;
        const account = async (role: 'seller' | 'consumer') => {
          const username = `ctr_${role}_${randomBytes(3).toString('hex')}`;
          const password = 'a long enough password';
          const email = `${username}@example.com`;
          const reg = await send(through, null, usersApi.register, {
            body: { username, password, email, role, locale: 'en', country: 'AR', organization: 'Containers SA', ...(role === 'consumer' ? { bank: 'BBVA' } : {}) },
          });
          bodyOf(reg, 201);
          const tokens = bodyOf(await tokenRequest(through, { grant_type: 'password', username, password }), 200);
          return { email, token: tokens.access_token };
        };
        const [seller, consumer] = await Promise.all([account('seller'), account('consumer')]);

        const productName = `Taladro en contenedor ${id}`;
        const created = await send(through, seller, productsApi.create, {
          body: { name: productName, description: 'Publicado a través del gateway en contenedores', category: 'herramientas', colors: ['azul'],
            price: 50_000, discount: 0, stock: 5, features: { text: 'Prueba', rows: [] } },
        });
        const productId = bodyOf(created, 201).id;
        const form = new FormData();
        const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#2563eb' } }).jpeg().toBuffer();
        form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'taladro.jpg');
        const uploaded = bodyOf(await send(through, seller, productsApi.uploadImages, { params: { id: productId }, query: {}, body: form }), 201);
        const picture = await fetch(new URL(uploaded.images[0]!.url, gateway));
        expect(picture.status).toBe(200);
        expect(picture.headers.get('content-type')).toMatch(/^image\//);

        // the web app renders it, reached through the gateway like any page
        const page = await fetch(`${gateway}/products/${productId}`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain(productName);

        bodyOf(await send(through, consumer, usersApi.addFunds, { body: { amount: 200_000 } }), 200);
        const order = bodyOf(await send(through, consumer, ordersApi.place, { body: { productId, quantity: 2, color: 'azul' } }), 201);
        expect(order.status).toBe('RECIBIDO');

        let status: string | null = order.status;
        for (const until = Date.now() + 30_000; status !== 'ENTREGADO' && Date.now() < until; await sleep(250)) {
          status = bodyOf(await send(through, consumer, ordersApi.get, { params: { id: order.id } })).status;
        }
        expect(status).toBe('ENTREGADO');

        type Mail = { subject: string; to: { address: string }[] };
        let mails: Mail[] = [];
        const subjectsTo = (address: string) => mails.filter((m) => m.to.some((t) => t.address === address)).map((m) => m.subject);
        const wanted = { [seller.email]: [/^Welcome/], [consumer.email]: [/^Welcome/, /received your order/, /has arrived/] };
        const arrived = () => Object.entries(wanted).every(([to, subjects]) => subjects.every((s) => subjectsTo(to).some((got) => s.test(got))));
        for (const until = Date.now() + 30_000; !arrived() && Date.now() < until; await sleep(250)) {
          mails = (await (await fetch(`${mailboxUrl}/email`)).json()) as Mail[];
        }
        expect({ [seller.email]: subjectsTo(seller.email), [consumer.email]: subjectsTo(consumer.email) }).toEqual({
          [seller.email]: expect.arrayContaining([expect.stringMatching(/^Welcome/)]),
          [consumer.email]: expect.arrayContaining([
            expect.stringMatching(/^Welcome/),
            expect.stringMatching(/received your order/),
            expect.stringMatching(/has arrived/),
          ]),
        });
      } catch (e) {
        (e as Error).message += `\ncontainer logs:\n${logs()}`;
        throw e;
      }
    }, 180_000);

    // The suite's journeys that meet what the images change (the baked-in gateway configuration, the standalone web
    // server on a read-only filesystem, uploads to the volume, mail from containers, headers and limits at the
    // gateway). The rest of the suite asks the same services the same questions and runs on the host's system.
    const THROUGH_CONTAINERS = ['web-journey', 'mailbox', 'oauth-gateway', 'web-security', 'guest-pages', 'old-addresses', 'fuzz'];

    it("the e2e suite's journeys pass through the containerized gateway", () => {
      const screenshots = mkdtempSync(join(tmpdir(), 'marketshare-containers-screens-'));
      try {
        const r = spawnSync(`${root}/node_modules/.bin/vitest`, ['run', '--config', 'e2e/vitest.config.ts', '--reporter=dot', ...THROUGH_CONTAINERS.map((f) => `e2e/test/${f}.test.ts`)], {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 64 << 20,
          env: {
            // a run of its own, not a worker of this one
            ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST'))),
            E2E_BASE_URL: gateway,
            E2E_MAILBOX_URL: mailboxUrl,
            E2E_GATEWAY_METRICS_URL: `http://127.0.0.1:${ports.stats}/metrics`,
            E2E_WEB_CLIENT_SECRET: TEST_SECRETS.WEB_CLIENT_SECRET,
            E2E_API_CLIENT_SECRET: TEST_SECRETS.API_CLIENT_SECRET,
            E2E_SERVICE_PORTS: JSON.stringify(Object.fromEntries(NODE_SERVICES.map((s) => [s, ports[s]]))),
            E2E_SCREENSHOTS: `${screenshots}/`,
          },
        });
        const output = `${r.stdout}${r.stderr}`;
        expect(r.status, `${output.split('\n').slice(-60).join('\n')}\ncontainer logs:\n${logs()}`).toBe(0);
        expect(output).toMatch(/Tests\s+.*\d+ passed/);
      } finally {
        rmSync(screenshots, { recursive: true, force: true });
      }
    }, 15 * 60_000);
  });
});

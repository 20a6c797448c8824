import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServiceApp } from './app.js';

export const API_DOCS_PATHS = { document: '/api/openapi.json', page: '/api/docs' } as const;

const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Marketshare API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body>
</html>
`;
const init = `window.ui = SwaggerUIBundle({ url: '${API_DOCS_PATHS.document}', dom_id: '#ui', deepLinking: true });\n`;

/**
 * Serves an OpenAPI document for integrators at /api/openapi.json and a Swagger UI page for it at /api/docs, from
 * the Swagger UI files @fastify/swagger-ui ships (no network needed). Hidden from the service's own /docs: these
 * describe the whole public API, not the service.
 */
export async function apiDocsRoutes(app: ServiceApp, document: object): Promise<void> {
  const assets = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui')), 'static');
  const files = {
    'swagger-ui.css': { type: 'text/css; charset=utf-8', body: await readFile(join(assets, 'swagger-ui.css')) },
    'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', body: await readFile(join(assets, 'swagger-ui-bundle.js')) },
    'init.js': { type: 'text/javascript; charset=utf-8', body: Buffer.from(init) },
  };
  const json = JSON.stringify(document);
  const hidden = { schema: { hide: true } };
  const cached = 'public, max-age=300';
  app.get(API_DOCS_PATHS.document, hidden, (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('cache-control', cached).send(json),
  );
  app.get(API_DOCS_PATHS.page, hidden, (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', cached).send(page));
  for (const [name, file] of Object.entries(files)) {
    app.get(`${API_DOCS_PATHS.page}/${name}`, hidden, (_request, reply) =>
      reply.type(file.type).header('cache-control', cached).send(file.body),
    );
  }
}

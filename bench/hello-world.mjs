// The bare Fastify hello-world every benchmark reports beside its own figures.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.(app.server.address().port);

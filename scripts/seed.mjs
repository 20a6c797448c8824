// Demo data for the first `npm start`: sellers with catalogs across the categories (images drawn here, nothing
// downloaded), funded consumers, orders in every state and reviews. Everything goes through the public API via
// the gateway, so the demo data obeys the same rules as real use; only the delivery schedule of a few seeded
// orders is brought forward in the orders database, so the demo has delivered orders and reviews at once.
import sharp from 'sharp';
import pg from 'pg';

const log = (m) => console.log(`[marketshare seed] ${m}`);

const SELLERS = [
  { username: 'techsur', organization: 'TechSur SA', country: 'AR' },
  { username: 'ferreteria_delta', organization: 'Ferretería Delta', country: 'AR' },
  { username: 'andes_moda', organization: 'Andes Moda SRL', country: 'CL' },
];
const CONSUMERS = [
  { username: 'compras_acme', organization: 'Acme Argentina', bank: 'Santander', country: 'AR', funds: 5_000_000_00 },
  { username: 'oficinas_norte', organization: 'Oficinas del Norte', bank: 'Banco Nación', country: 'AR', funds: 2_000_000_00 },
];
// [seller index, name, category, price in pesos, discount, stock, colours, special features, feature rows]
const PRODUCTS = [
  [0, 'Notebook Lumen 14 Ryzen 7', 'informatica', 1_250_000, 10, 40, ['gris', 'negro'], ['envio_gratis', 'ahora_12'], [['Procesador', 'Ryzen 7 7730U'], ['Memoria', '16 GB'], ['Disco', '512 GB SSD']]],
  [0, 'Monitor Nítido 27" 4K', 'electronica', 420_000, 0, 25, ['negro'], ['garantia'], [['Panel', 'IPS'], ['Resolución', '3840 x 2160']]],
  [0, 'Auriculares Eco ANC', 'audio', 95_000, 15, 120, ['negro', 'blanco', 'azul'], ['envio_gratis'], [['Batería', '30 h'], ['Bluetooth', '5.3']]],
  [0, 'Parlante Portátil Ola', 'audio', 58_000, 0, 80, ['rojo', 'azul', 'negro'], ['sustentable'], [['Potencia', '20 W']]],
  [0, 'Reloj Inteligente Pulso 3', 'pequenios_dispositivos', 130_000, 20, 60, ['negro', 'gris'], ['ahora_12'], [['Pantalla', 'AMOLED 1.4"']]],
  [0, 'Router Malla Hogar x3', 'electronica', 210_000, 5, 30, ['blanco'], ['garantia', 'envio_gratis'], [['Wi-Fi', '6'], ['Cobertura', '450 m²']]],
  [1, 'Taladro Percutor 800 W', 'herramientas', 89_000, 0, 70, ['azul', 'negro'], ['garantia'], [['Potencia', '800 W'], ['Mandril', '13 mm']]],
  [1, 'Juego de Llaves Combinadas x12', 'herramientas', 36_000, 10, 150, ['gris'], [], [['Material', 'Cromo vanadio']]],
  [1, 'Hormigonera 130 L', 'construccion', 680_000, 0, 8, ['amarillo', 'rojo'], ['envio_gratis'], [['Motor', '1/2 HP'], ['Capacidad', '130 L']]],
  [1, 'Casco de Seguridad Certificado', 'industrias', 12_500, 0, 400, ['amarillo', 'blanco', 'azul'], [], [['Norma', 'IRAM 3620']]],
  [1, 'Silla Ergonómica Pro', 'oficinas', 260_000, 25, 35, ['negro', 'gris'], ['ahora_12', 'garantia'], [['Regulación', 'Lumbar y brazos']]],
  [1, 'Escritorio Elevable Eléctrico', 'oficinas', 540_000, 10, 12, ['blanco', 'negro'], ['envio_gratis'], [['Altura', '70–120 cm']]],
  [1, 'Compresor de Aire 50 L', 'industrias', 310_000, 0, 15, ['rojo'], ['garantia'], [['Presión', '8 bar']]],
  [1, 'Kit Cubiertas Utilitario R15', 'vehiculos', 480_000, 5, 20, ['negro'], [], [['Medida', '195/65 R15']]],
  [2, 'Campera Técnica Patagonia', 'prendas_moda', 145_000, 30, 90, ['azul', 'verde', 'negro'], ['sustentable'], [['Material', 'Poliéster reciclado']]],
  [2, 'Uniforme de Trabajo Completo', 'prendas_moda', 68_000, 0, 300, ['azul', 'gris'], ['envio_gratis'], [['Talles', 'S a XXL']]],
  [2, 'Kit Cuidado Facial Natural', 'belleza', 32_000, 10, 200, ['blanco'], ['sustentable'], [['Contenido', '3 productos']]],
  [2, 'Bicicleta Urbana Rodado 28', 'deporte_bienestar', 390_000, 15, 18, ['verde', 'negro', 'rojo'], ['ahora_12'], [['Cambios', '21 velocidades']]],
  [2, 'Mat de Yoga Antideslizante', 'deporte_bienestar', 24_000, 0, 250, ['verde', 'azul', 'gris'], ['sustentable', 'envio_gratis'], [['Espesor', '6 mm']]],
  [2, 'Mochila Ejecutiva Impermeable', 'otra', 54_000, 5, 110, ['negro', 'gris'], ['garantia'], [['Capacidad', '25 L']]],
];

const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#ca8a04', '#7c3aed', '#0891b2', '#db2777', '#ea580c'];

/** A product picture drawn from shapes (no fonts, no downloads): gradient background and a simple motif. */
async function productImage(seed, variant) {
  const a = PALETTE[seed % PALETTE.length];
  const b = PALETTE[(seed + 3 + variant) % PALETTE.length];
  const shape =
    variant === 0
      ? `<rect x="230" y="170" width="340" height="260" rx="28" fill="white" fill-opacity="0.85"/><rect x="270" y="210" width="260" height="150" rx="10" fill="${a}"/>`
      : `<circle cx="400" cy="300" r="150" fill="white" fill-opacity="0.85"/><circle cx="400" cy="300" r="80" fill="${b}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
    <rect width="800" height="600" fill="url(#g)"/>${shape}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toBuffer();
}

export async function seedDemoData(env) {
  // the demo accounts' password, printed at start-up; from the environment like every credential (.env.example)
  const password = env.DEMO_PASSWORD;
  if (!password) throw new Error('seed: DEMO_PASSWORD is not set (.env.example has the local default)');
  const base = `http://127.0.0.1:${env.GATEWAY_PORT}`;
  const web = 'Basic ' + Buffer.from(`marketshare-web:${env.WEB_CLIENT_SECRET}`).toString('base64');
  const call = async (method, path, { token, body, form, multipart } = {}) => {
    const headers = { authorization: token ? `Bearer ${token}` : web };
    let payload;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(form).toString();
    } else if (multipart) payload = multipart;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}${path}`, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const login = async (username) => {
    const r = await call('POST', '/oauth/token', { form: { grant_type: 'password', username, password } });
    return r.status === 200 ? r.body.access_token : undefined;
  };
  const accounts = [...SELLERS.map((s) => ({ ...s, role: 'seller' })), ...CONSUMERS.map((c) => ({ ...c, role: 'consumer' }))];
  const result = { password, accounts: accounts.map(({ username, role }) => ({ username, role })) };

  if (await login(SELLERS[0].username)) return result; // seeded on an earlier run
  log('first run: creating demo accounts, catalogs, orders and reviews...');
  const tokens = {};
  for (const a of accounts) {
    const { funds: _f, ...profile } = a;
    const r = await call('POST', '/api/users', { body: { ...profile, password, email: `${a.username}@demo.marketshare.local`, locale: 'es' } });
    if (r.status !== 201 && r.status !== 409) throw new Error(`seed: registering ${a.username}: ${r.status} ${JSON.stringify(r.body)}`);
    tokens[a.username] = await login(a.username);
  }
  for (const c of CONSUMERS) await call('POST', '/api/users/me/funds', { token: tokens[c.username], body: { amount: c.funds } });

  const products = [];
  for (const [i, [seller, name, category, pesos, discount, stock, colors, specialFeatures, rows]] of PRODUCTS.entries()) {
    const token = tokens[SELLERS[seller].username];
    const r = await call('POST', '/api/products', {
      token,
      body: {
        name,
        description: `${name}: calidad profesional para empresas, con entrega en todo el país.`,
        category,
        state: i % 7 === 6 ? 'USADO' : 'NUEVO',
        colors,
        price: pesos * 100,
        discount,
        stock,
        features: { text: `${name}. Producto seleccionado por ${SELLERS[seller].organization}.`, rows: rows.map(([feature, value]) => ({ feature, value })) },
        specialFeatures,
      },
    });
    if (r.status !== 201) throw new Error(`seed: product ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    const form = new FormData();
    for (const v of [0, 1]) form.append('file', new Blob([await productImage(i, v)], { type: 'image/jpeg' }), `demo-${i}-${v}.jpg`);
    const up = await call('POST', `/api/products/${r.body.id}/images`, { token, multipart: form });
    if (up.status >= 300) throw new Error(`seed: images of ${name}: ${up.status} ${JSON.stringify(up.body)}`);
    products.push({ ...r.body, seller });
  }

  // Orders: most are delivered (and reviewed), one is cancelled, one stays on its normal schedule.
  const buyer = tokens[CONSUMERS[0].username];
  const other = tokens[CONSUMERS[1].username];
  const placed = [];
  for (const [j, p] of products.slice(0, 12).entries()) {
    const r = await call('POST', '/api/orders', { token: j % 3 === 2 ? other : buyer, body: { productId: p.id, quantity: 1 + (j % 2), color: p.colors[0] } });
    if (r.status === 201 && r.body.status === 'RECIBIDO') placed.push({ order: r.body, token: j % 3 === 2 ? other : buyer });
  }
  const cancelled = placed.pop();
  if (cancelled) await call('POST', `/api/orders/${cancelled.order.id}/cancel`, { token: cancelled.token });
  const pending = placed.pop();
  const deliver = placed.map((p) => p.order.id);
  await bringDeliveriesForward(env.ORDERS_DATABASE_URL, deliver);
  const titles = [
    [5, 'Excelente', 'Llegó antes de lo previsto y funciona perfecto.'],
    [4.5, 'Muy recomendable', 'Muy buena calidad por el precio.'],
    [4, 'Muy bueno', 'Cumple con lo prometido.'],
    [3.5, 'Bueno', 'Bien, aunque el embalaje podría mejorar.'],
  ];
  for (const [k, p] of placed.entries()) {
    const [rating, title, summary] = titles[k % titles.length];
    await call('POST', '/api/reviews', { token: p.token, body: { orderId: p.order.id, rating, title, summary } });
  }
  log(`seeded ${accounts.length} accounts, ${products.length} products, ${deliver.length} delivered and reviewed orders, one cancelled${pending ? ', one in progress' : ''}`);
  return result;
}

/** Moves the stored schedule of these orders to now until the progression worker has delivered them all. */
async function bringDeliveriesForward(ordersDatabaseUrl, ids) {
  if (!ids.length) return;
  const client = new pg.Client({ connectionString: ordersDatabaseUrl });
  await client.connect();
  try {
    for (let i = 0; i < 120; i++) {
      await client.query('UPDATE orders SET next_transition_at = now() WHERE id = ANY($1) AND next_transition_at IS NOT NULL', [ids]);
      const { rows } = await client.query("SELECT count(*)::int AS n FROM orders WHERE id = ANY($1) AND status <> 'ENTREGADO'", [ids]);
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('seed: the progression worker did not deliver the seeded orders within 30 s');
  } finally {
    await client.end();
  }
}

import { randomUUID } from 'node:crypto';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { desc, eq } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { signingKeys, type schema } from '../db/schema.js';

export const SIGNING_ALG = 'EdDSA';

export interface KeyRing {
  kid: string;
  privateKey: CryptoKey | Uint8Array;
  jwks: { keys: JWK[] };
}

/**
 * Loads the signing key: from AUTH_SIGNING_KEY when given, otherwise the newest active key in the database,
 * generating and storing one on the very first start. Ed25519 signs and verifies fast, so neither the token
 * endpoint nor the services pay much for asymmetric signatures.
 */
export async function loadKeyRing(db: NodePgDatabase<typeof schema>, pem?: string): Promise<KeyRing> {
  if (pem) {
    const priv = createPrivateKey(pem);
    const publicJwk = (await exportJWK(createPublicKey(priv))) as JWK;
    const kid = `env-${Buffer.from(publicJwk.x ?? '').toString('base64url').slice(0, 12)}`;
    const privateJwk = (await exportJWK(priv)) as JWK;
    return {
      kid,
      privateKey: await importJWK({ ...privateJwk, alg: SIGNING_ALG }, SIGNING_ALG),
      jwks: { keys: [{ ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' }] },
    };
  }
  let rows = await db.select().from(signingKeys).where(eq(signingKeys.active, true)).orderBy(desc(signingKeys.createdAt));
  if (!rows.length) {
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    const kid = randomUUID();
    await db
      .insert(signingKeys)
      .values({
        kid,
        alg: SIGNING_ALG,
        privateJwk: JSON.stringify(await exportJWK(privateKey)),
        publicJwk: JSON.stringify(await exportJWK(publicKey)),
      })
      .onConflictDoNothing();
    rows = await db.select().from(signingKeys).where(eq(signingKeys.active, true)).orderBy(desc(signingKeys.createdAt));
  }
  const current = rows[0]!;
  return {
    kid: current.kid,
    privateKey: await importJWK({ ...JSON.parse(current.privateJwk), alg: SIGNING_ALG }, SIGNING_ALG),
    jwks: { keys: rows.map((r) => ({ ...JSON.parse(r.publicJwk), kid: r.kid, alg: r.alg, use: 'sig' })) },
  };
}

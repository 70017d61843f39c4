// Key pairs of the development clients, derived from a seed instead of generated at random.
//
// Why: `npm run token -- <persona>` may run in another process than the dev IdP (the one
// embedded in `npm start`). Both derive the same client keys from the same seed, so the CLI
// can authenticate with private_key_jwt, the method the NL GOV OAuth profile prescribes,
// instead of falling back to shared secrets. These keys are public by construction (anyone
// with the seed has them), exactly like a documented development secret; the dev IdP refuses
// to run with NODE_ENV=production.
import { createECDH, createHmac } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';

export const DEFAULT_DEV_CLIENT_KEY_SEED = 'brp-eduv-facade: development client keys, public, never production';

export interface DevClientKey {
  kid: string;
  alg: 'ES256';
  publicJwk: JWK;
  privateKey: CryptoKey;
}

const cache = new Map<string, Promise<DevClientKey>>();

export function devClientKey(clientId: string, seed: string = DEFAULT_DEV_CLIENT_KEY_SEED): Promise<DevClientKey> {
  const cacheKey = `${seed}\u0000${clientId}`;
  let pending = cache.get(cacheKey);
  if (!pending) {
    pending = derive(clientId, seed);
    cache.set(cacheKey, pending);
  }
  return pending;
}

async function derive(clientId: string, seed: string): Promise<DevClientKey> {
  // A P-256 private key is any scalar in [1, n-1]; an HMAC output falls outside that range with
  // probability ~2^-32, in which case the next counter value is tried.
  for (let counter = 0; counter < 16; counter += 1) {
    const d = createHmac('sha256', seed).update(`dev-client-key\u0000${clientId}\u0000${counter}`).digest();
    const ecdh = createECDH('prime256v1');
    try {
      ecdh.setPrivateKey(d);
    } catch {
      continue;
    }
    const point = ecdh.getPublicKey(); // 0x04 || X (32 bytes) || Y (32 bytes)
    const publicJwk: JWK = {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    };
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateKey = (await importJWK({ ...publicJwk, d: d.toString('base64url') }, 'ES256')) as CryptoKey;
    return { kid, alg: 'ES256', publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' }, privateKey };
  }
  throw new Error(`cannot derive a key for client ${clientId}`);
}

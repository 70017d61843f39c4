// A throw-away token issuer for tests: its own RSA and EC key pairs, a JWKS served over
// real HTTP on 127.0.0.1 (port 0), and `sign()` with sane RFC 9068 defaults that a test
// overrides claim by claim. It can also forge: `alg: none`, HS256 with the public key,
// a missing kid or typ — so the verifier's refusals are tested against real tokens.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SignJWT,
  base64url,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWTHeaderParameters,
} from 'jose';

export interface TestIssuerOptions {
  /** Default `aud` of signed tokens. */
  audience?: string;
  /** Claims merged into every token before the per-call claims. */
  defaultClaims?: Record<string, unknown>;
}

export interface TestSignOptions {
  /** Default RS256. `none` produces an unsecured JWT; HS* need `key`. */
  alg?: string;
  /** Default: the kid of the issuer's key for the algorithm. `null` leaves the header without kid. */
  kid?: string | null;
  /** Default `at+jwt`. `null` leaves the header without typ. */
  typ?: string | null;
  /** Sign with this key instead of the issuer's own (a foreign key, or HMAC secret bytes). */
  key?: CryptoKey | Uint8Array;
  /** Claim names to remove after defaults and overrides are merged. */
  omit?: string[];
}

export interface TestIssuer {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** The public key set, e.g. to write a JWKS file. */
  jwks: JSONWebKeySet;
  /** SPKI PEM of the RSA public key: the classic HS256 key-confusion "secret". */
  rsaPublicKeyPem: string;
  /** How often the JWKS has been fetched. */
  jwksFetches(): number;
  /** Make the JWKS endpoint answer 503 (false) or serve keys again (true). */
  setJwksAvailable(available: boolean): void;
  sign(claims?: Record<string, unknown>, opts?: TestSignOptions): Promise<string>;
  close(): Promise<void>;
}

export const TEST_RSA_KID = 'test-rsa-1';
export const TEST_EC_KID = 'test-ec-1';

export async function startTestIssuer(opts: TestIssuerOptions = {}): Promise<TestIssuer> {
  const audience = opts.audience ?? 'urn:nl:facade:api';
  // RS256 and PS256 share the RSA key: a JWK without `alg` serves both, as with most IdPs.
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  // WebCrypto keys are bound to one algorithm: the same RSA private key, imported for PSS.
  const rsaPss = await importJWK(await exportJWK(rsa.privateKey), 'PS256');
  const jwks: JSONWebKeySet = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: TEST_RSA_KID, use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: TEST_EC_KID, use: 'sig' },
    ],
  };
  const rsaPublicKeyPem = await exportSPKI(rsa.publicKey);

  let fetches = 0;
  let available = true;
  const server: Server = createServer((req, res) => {
    if (req.url === '/jwks' && req.method === 'GET') {
      fetches += 1;
      if (!available) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(jwks));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  async function sign(claims: Record<string, unknown> = {}, o: TestSignOptions = {}): Promise<string> {
    const alg = o.alg ?? 'RS256';
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: issuer,
      aud: audience,
      sub: 'medewerker-test',
      client_id: 'test-client',
      jti: randomUUID(),
      iat: now,
      exp: now + 300,
      ...opts.defaultClaims,
      ...claims,
    };
    for (const name of o.omit ?? []) delete payload[name];

    const header: JWTHeaderParameters = { alg };
    const kid = o.kid === undefined ? (alg === 'ES256' ? TEST_EC_KID : TEST_RSA_KID) : o.kid;
    if (kid !== null) header.kid = kid;
    const typ = o.typ === undefined ? 'at+jwt' : o.typ;
    if (typ !== null) header.typ = typ;

    if (alg === 'none') {
      // jose refuses to produce unsecured JWS with a header of our choosing; build it by hand.
      const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
      return `${encode(header)}.${encode(payload)}.`;
    }
    const key = o.key ?? (alg === 'ES256' ? ec.privateKey : alg === 'PS256' ? rsaPss : rsa.privateKey);
    return new SignJWT(payload).setProtectedHeader(header).sign(key);
  }

  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    audience,
    jwks,
    rsaPublicKeyPem,
    jwksFetches: () => fetches,
    setJwksAvailable: (value) => {
      available = value;
    },
    sign,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

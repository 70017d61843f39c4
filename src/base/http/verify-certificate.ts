// Verifies a client certificate that did not arrive over our own TLS handshake
// (a trusted proxy forwarded it in a header) the way the handshake would have:
// issued and signed by a CA of TLS_CLIENT_CA_FILE, valid now, for client
// authentication. Its SHA-256 thumbprint is what a certificate-bound token's
// `cnf.x5t#S256` must equal (RFC 8705, section 3.1).
//
// Trust anchors are the certificates of the CA file, as for the TLS listener;
// put the CA that issues the client certificates there (for PKIoverheid: the
// issuing intermediate). A chain sent along by the proxy is not needed and not
// trusted. Revocation (CRL/OCSP)
// is left to the proxy, which checked the certificate first.
import { createHash, X509Certificate } from 'node:crypto';

export type CertificateProblem = 'CERTIFICATE_UNREADABLE' | 'CERTIFICATE_UNTRUSTED' | 'CERTIFICATE_EXPIRED' | 'CERTIFICATE_NOT_FOR_CLIENTS';

export type CertificateCheck = { ok: true; thumbprint: string } | { ok: false; problem: CertificateProblem };

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_USAGE = '2.5.29.37.0';

/** Every certificate of a PEM bundle. */
export function readCertificateBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

export const thumbprintOf = (certificate: X509Certificate): string => createHash('sha256').update(certificate.raw).digest('base64url');

const validAt = (certificate: X509Certificate, now: Date) => new Date(certificate.validFrom) <= now && now <= new Date(certificate.validTo);

/** The CA of `anchors` that issued and signed `certificate`, if any. */
function issuerIn(certificate: X509Certificate, anchors: readonly X509Certificate[]): X509Certificate | undefined {
  return anchors.find((ca) => ca.ca && certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
}

/** Checks a certificate (PEM or DER) against the trust anchors at `now`. */
export function verifyClientCertificate(certificate: string | Buffer, anchors: readonly X509Certificate[], now = new Date()): CertificateCheck {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certificate);
  } catch {
    return { ok: false, problem: 'CERTIFICATE_UNREADABLE' };
  }
  // A CA certificate is never a client's; a leaf restricted to other uses (server only) neither.
  const usages = leaf.keyUsage;
  if (leaf.ca || (usages && usages.length > 0 && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_EXTENDED_USAGE))) {
    return { ok: false, problem: 'CERTIFICATE_NOT_FOR_CLIENTS' };
  }
  if (!validAt(leaf, now)) return { ok: false, problem: 'CERTIFICATE_EXPIRED' };
  // Every certificate of the CA file is a trust anchor (as for the TLS listener): the issuer must be one, valid now.
  const issuer = issuerIn(leaf, anchors);
  if (!issuer) return { ok: false, problem: 'CERTIFICATE_UNTRUSTED' };
  if (!validAt(issuer, now)) return { ok: false, problem: 'CERTIFICATE_EXPIRED' };
  return { ok: true, thumbprint: thumbprintOf(leaf) };
}

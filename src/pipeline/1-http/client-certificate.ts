// Where the facade terminates mTLS (TLS_* settings), the verified client
// certificate's SHA-256 thumbprint: what a certificate-bound token's
// `cnf.x5t#S256` must equal (RFC 8705).
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** `requested`: the facade asks for client certificates (TLS_CLIENT_CA_FILE); plain HTTPS is no mTLS. */
export function clientCertificateOf(req: IncomingMessage, requested: boolean): { mtls: boolean; clientCertificateThumbprint?: string } {
  const socket = req.socket as Partial<TLSSocket>;
  if (!requested || typeof socket.getPeerCertificate !== 'function') return { mtls: false };
  // Only a certificate that chained to the configured client CA counts.
  if (!socket.authorized) return { mtls: true };
  const raw = socket.getPeerCertificate().raw;
  return raw ? { mtls: true, clientCertificateThumbprint: createHash('sha256').update(raw).digest('base64url') } : { mtls: true };
}

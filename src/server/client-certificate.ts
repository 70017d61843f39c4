// Where the facade terminates mTLS (TLS_* settings), the verified client
// certificate's SHA-256 thumbprint: what a certificate-bound token's
// `cnf.x5t#S256` must equal (RFC 8705).
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

export function clientCertificateOf(req: IncomingMessage): { mtls: boolean; clientCertificateThumbprint?: string } {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return { mtls: false };
  // Only a certificate that chained to the configured client CA counts.
  if (!socket.authorized) return { mtls: true };
  const raw = socket.getPeerCertificate().raw;
  return raw ? { mtls: true, clientCertificateThumbprint: createHash('sha256').update(raw).digest('base64url') } : { mtls: true };
}

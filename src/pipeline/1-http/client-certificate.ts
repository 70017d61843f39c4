// The client certificate of a request, which a certificate-bound token's
// `cnf.x5t#S256` must equal (RFC 8705): from the facade's own TLS handshake
// (TLS_CLIENT_CA_FILE with TLS_CERT_FILE), or — behind an ingress that
// terminates TLS — from the header a trusted proxy hop sets (CLIENT_CERT_HEADER,
// believed only from TRUSTED_PROXIES, verified against TLS_CLIENT_CA_FILE as the
// handshake would have been). Which one counts is decided here, once.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { thumbprintOf, verifyClientCertificate, type CertificateProblem } from '../../base/http/verify-certificate.ts';
import { certificateFromHeader, type ClientCertHeaderFormat } from './forwarded-certificate.ts';
import type { TrustedProxies } from './trusted-proxies.ts';

export type PresentedCertificate =
  /** A verified certificate; its SHA-256 thumbprint (base64url). */
  | { kind: 'verified'; source: 'tls' | 'proxy'; thumbprint: string }
  /** None presented, or a header from an address that is no trusted proxy (`ignoredHeader`). */
  | { kind: 'none'; ignoredHeader?: boolean }
  /** One was presented and failed verification: no certificate-bound exchange for this request. */
  | { kind: 'invalid'; source: 'tls' | 'proxy'; problem: CertificateProblem | 'CERTIFICATE_HEADER_REPEATED' };

export interface ForwardedCertificateOptions {
  /** Header name, e.g. `ssl-client-cert` (ingress-nginx) or `x-forwarded-client-cert` (Envoy). */
  header: string;
  format: ClientCertHeaderFormat;
  trustedProxies: TrustedProxies;
  /** TLS_CLIENT_CA_FILE's certificates. */
  anchors: readonly X509Certificate[];
}

export interface ClientCertificateOptions {
  /** The facade's own TLS listener requests client certificates. */
  tlsRequested: boolean;
  forwarded?: ForwardedCertificateOptions;
  now?: () => Date;
}

export type ClientCertificateReader = (req: IncomingMessage) => PresentedCertificate;

const NONE: PresentedCertificate = { kind: 'none' };

function fromTls(req: IncomingMessage): PresentedCertificate {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return NONE;
  const raw = socket.getPeerCertificate().raw as Buffer | undefined;
  if (!raw) return NONE;
  // The listener does not reject unverified certificates (tokens without binding still connect);
  // only one that chained to the configured client CA counts.
  if (!socket.authorized) return { kind: 'invalid', source: 'tls', problem: 'CERTIFICATE_UNTRUSTED' };
  return { kind: 'verified', source: 'tls', thumbprint: thumbprintOf(new X509Certificate(raw)) };
}

function fromHeader(value: string | string[], options: ForwardedCertificateOptions, now: Date): PresentedCertificate {
  // Two headers of the name: one came from somewhere else than the proxy; neither is believed.
  if (typeof value !== 'string') return { kind: 'invalid', source: 'proxy', problem: 'CERTIFICATE_HEADER_REPEATED' };
  const der = certificateFromHeader(value, options.format);
  if (!der) return { kind: 'invalid', source: 'proxy', problem: 'CERTIFICATE_UNREADABLE' };
  const check = verifyClientCertificate(der, options.anchors, now);
  return check.ok ? { kind: 'verified', source: 'proxy', thumbprint: check.thumbprint } : { kind: 'invalid', source: 'proxy', problem: check.problem };
}

export function clientCertificateReader(options: ClientCertificateOptions): ClientCertificateReader {
  const { forwarded } = options;
  const headerName = forwarded?.header.toLowerCase();
  return (req) => {
    // headersDistinct: Node joins repeated headers with a comma; repeated, one did not come from the proxy.
    const values = headerName ? req.headersDistinct[headerName] : undefined;
    const value = values === undefined ? undefined : values.length === 1 ? values[0] : values;
    if (forwarded && forwarded.trustedProxies.includes(req.socket.remoteAddress)) {
      // Through a trusted proxy the handshake's certificate, if any, is the proxy's own: the header decides.
      return value === undefined ? NONE : fromHeader(value, forwarded, options.now?.() ?? new Date());
    }
    const tls = options.tlsRequested ? fromTls(req) : NONE;
    return tls.kind === 'none' && value !== undefined ? { kind: 'none', ignoredHeader: true } : tls;
  };
}

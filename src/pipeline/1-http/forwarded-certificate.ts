// The client certificate a TLS-terminating proxy forwards in a header
// (CLIENT_CERT_HEADER), in the two forms proxies use:
//   pem   the PEM, URL-encoded: ingress-nginx's `ssl-client-cert`
//         (`$ssl_client_escaped_cert`), AWS ALB, HAProxy; also the PEM's base64
//         body alone (Traefik's PassTLSClientCert);
//   xfcc  Envoy's `x-forwarded-client-cert`: `By=…;Hash=…;Cert="<URL-encoded PEM>";…`,
//         one element only (Envoy with SANITIZE_SET); several elements, or
//         unbalanced quotes, are refused (a client could have written them).
// Only the bytes are taken from the header; whether they are a certificate we
// trust is decided as for our own handshake (src/base/http/verify-certificate.ts).

export const CLIENT_CERT_HEADER_FORMATS = ['pem', 'xfcc'] as const;
export type ClientCertHeaderFormat = (typeof CLIENT_CERT_HEADER_FORMATS)[number];

/** The header names whose format is known without CLIENT_CERT_HEADER_FORMAT. */
export function defaultHeaderFormat(header: string): ClientCertHeaderFormat {
  return header.toLowerCase() === 'x-forwarded-client-cert' ? 'xfcc' : 'pem';
}

/** A header of kilobytes is a certificate; one far larger is not, and is not parsed. */
const MAX_HEADER_LENGTH = 32 * 1024;

function decode(value: string): string | undefined {
  try {
    return value.includes('%') ? decodeURIComponent(value) : value;
  } catch {
    return undefined;
  }
}

/** DER bytes of a PEM (line breaks or spaces anywhere) or of its bare base64 body. */
function derOf(text: string): Buffer | undefined {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  const der = Buffer.from(body, 'base64');
  return der.length > 0 ? der : undefined;
}

/** Splits on `separator` outside double quotes (XFCC values such as Subject may hold , and ;). */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quoted && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** The `Cert` of the last XFCC element. */
function xfccCertificate(value: string): string | undefined {
  // One element only (Envoy's SANITIZE_SET, as the README says): with several, a stray quote in a
  // client-written element could swallow the comma Envoy adds and pass the client's Cert as Envoy's.
  if ((value.replace(/\\./g, '').match(/"/g)?.length ?? 0) % 2 !== 0) return undefined;
  const elements = splitOutsideQuotes(value, ',');
  if (elements.length !== 1) return undefined;
  const nearest = elements[0];
  for (const pair of splitOutsideQuotes(nearest, ';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim().toLowerCase() !== 'cert') continue;
    const raw = pair.slice(at + 1).trim();
    return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }
  return undefined;
}

/** The certificate's DER bytes as the header carries them; undefined when it carries none readable. */
export function certificateFromHeader(value: string, format: ClientCertHeaderFormat): Buffer | undefined {
  if (value.length === 0 || value.length > MAX_HEADER_LENGTH) return undefined;
  const encoded = format === 'xfcc' ? xfccCertificate(value) : value;
  const text = encoded === undefined ? undefined : decode(encoded);
  return text === undefined ? undefined : derOf(text);
}

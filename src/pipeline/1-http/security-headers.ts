// Headers every response of the facade carries, in line with the NCSC's and
// Logius' guidance for APIs: no sniffing, no referrer, never framed, never
// cached, HTTPS only once served over TLS. Pages with a policy of their own
// (the development sandbox) set their Content-Security-Policy over this one.
import type { ServerResponse } from 'node:http';

export function setSecurityHeaders(res: ServerResponse, tls: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('cache-control', 'no-store');
  if (tls) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
}

// The pieces of certificate binding behind a proxy, each on its own: which
// addresses are trusted proxies, how a forwarded certificate is read from the
// header forms proxies use, and how it is verified like a handshake would.
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCertificateBundle, verifyClientCertificate } from '../src/base/http/verify-certificate.ts';
import { certificateFromHeader, defaultHeaderFormat } from '../src/pipeline/1-http/forwarded-certificate.ts';
import { trustedProxies } from '../src/pipeline/1-http/trusted-proxies.ts';
import { configurationProblems } from '../src/pipeline/configuration.ts';
import { facadeConfigFromEnv } from '../src/pipeline/config.ts';
import { eduvConfigFromEnv } from '../src/domains/eduv/config.ts';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.ts';

let certs: TestCertificates;
let der: Buffer;
beforeAll(() => {
  certs = makeTestCertificates(['client']);
  der = new X509Certificate(certs.pem('client')).raw;
});

describe('TRUSTED_PROXIES', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
  it.each([
    ['10.244.3.17', true],
    ['::ffff:10.1.2.3', true],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['fd12::1', true],
    ['127.0.0.1', false],
    ['::1', false],
    [undefined, false],
  ])('%s → %s', (address, trusted) => {
    expect(proxies.includes(address)).toBe(trusted);
  });
  it.each(['10.0.0.0/33', 'example.org', '10.0.0.0/8/1', '10.0.0.0/x', ''])('refuses %j', (cidr) => {
    expect(() => trustedProxies([cidr])).toThrow(/not an address or CIDR/);
  });
});

describe('the forwarded certificate', () => {
  it('reads ingress-nginx\'s URL-encoded PEM, a PEM with spaces for line breaks, and a bare base64 body', () => {
    const pem = certs.pem('client');
    expect(certificateFromHeader(encodeURIComponent(pem), 'pem')).toEqual(der);
    expect(certificateFromHeader(pem.replace(/\n/g, ' '), 'pem')).toEqual(der);
    expect(certificateFromHeader(der.toString('base64'), 'pem')).toEqual(der);
  });

  it('reads Envoy\'s XFCC, taking the nearest hop\'s element, with quoted values holding , and ;', () => {
    const cert = encodeURIComponent(certs.pem('client'));
    const earlier = `By=spiffe://evil;Cert="${encodeURIComponent(certs.pem('rogue-client'))}"`;
    const nearest = `By=spiffe://cluster.local/ns/facade/sa/facade;Hash=abc;Subject="CN=client,O=Noordkaap; BV";Cert="${cert}";URI=`;
    expect(certificateFromHeader(nearest, 'xfcc')).toEqual(der);
    // Several elements (APPEND_FORWARD) or an unbalanced quote that could swallow Envoy's comma: refused.
    expect(certificateFromHeader(`${earlier},${nearest}`, 'xfcc')).toBeUndefined();
    expect(certificateFromHeader(`Cert="${encodeURIComponent(certs.pem('client'))}";x="`, 'xfcc')).toBeUndefined();
    expect(certificateFromHeader('By=spiffe://x;Hash=abc', 'xfcc')).toBeUndefined();
  });

  it('takes nothing from garbage or from a header too large to be a certificate', () => {
    // Base64-looking text is bytes, not yet a certificate: verification reads it as none.
    expect(verifyClientCertificate(certificateFromHeader('not a certificate', 'pem')!, [])).toEqual({ ok: false, problem: 'CERTIFICATE_UNREADABLE' });
    for (const value of ['', '%E0%A4%A', '-----BEGIN CERTIFICATE-----!!-----END CERTIFICATE-----', 'A'.repeat(40_000)]) {
      expect(certificateFromHeader(value, 'pem')).toBeUndefined();
    }
  });

  it('knows the format of Envoy\'s header by its name', () => {
    expect(defaultHeaderFormat('X-Forwarded-Client-Cert')).toBe('xfcc');
    expect(defaultHeaderFormat('ssl-client-cert')).toBe('pem');
  });
});

describe('verifying it like a handshake', () => {
  const anchors = () => readCertificateBundle(certs.pem('ca'));
  it('accepts a client certificate of the CA, with its thumbprint', () => {
    expect(verifyClientCertificate(der, anchors())).toEqual({ ok: true, thumbprint: certs.thumbprint('client') });
  });
  it.each([
    ['issued by another CA of the same name', 'rogue-client', 'CERTIFICATE_UNTRUSTED'],
    ['the CA itself', 'ca', 'CERTIFICATE_NOT_FOR_CLIENTS'],
    ['a server certificate', 'server', 'CERTIFICATE_NOT_FOR_CLIENTS'],
  ])('refuses %s', (_case, name, problem) => {
    expect(verifyClientCertificate(certs.pem(name), anchors())).toEqual({ ok: false, problem });
  });
  it('refuses it once expired, and garbage', () => {
    expect(verifyClientCertificate(der, anchors(), new Date(Date.now() + 3 * 86_400_000))).toEqual({ ok: false, problem: 'CERTIFICATE_EXPIRED' });
    expect(verifyClientCertificate(Buffer.from('garbage'), anchors())).toEqual({ ok: false, problem: 'CERTIFICATE_UNREADABLE' });
  });
  it('refuses with an empty trust store', () => {
    expect(verifyClientCertificate(der, [])).toEqual({ ok: false, problem: 'CERTIFICATE_UNTRUSTED' });
  });
});

describe('the configuration of a forwarded certificate', () => {
  const problems = (env: Record<string, string>) => configurationProblems(env).join('\n');
  it('is read whole: header, its format by name, the proxies and the CA', () => {
    const config = facadeConfigFromEnv({ CLIENT_CERT_HEADER: 'X-Forwarded-Client-Cert', TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8', TLS_CLIENT_CA_FILE: certs.file('ca.pem') });
    expect(config.forwardedCertificate).toMatchObject({ header: 'X-Forwarded-Client-Cert', format: 'xfcc' });
    expect(config.forwardedCertificate?.trustedProxies.cidrs).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(config.forwardedCertificate?.anchors).toHaveLength(1);
    expect(config.tls).toBeUndefined();
  });
  it.each([
    [{ CLIENT_CERT_HEADER: 'ssl-client-cert' }, /TRUSTED_PROXIES: required with CLIENT_CERT_HEADER/],
    [{ CLIENT_CERT_HEADER: 'ssl-client-cert', TRUSTED_PROXIES: '10.0.0.0/8' }, /TLS_CLIENT_CA_FILE: required with CLIENT_CERT_HEADER/],
    [{ CLIENT_CERT_HEADER: 'ssl-client-cert', TRUSTED_PROXIES: '10.0.0.0/40' }, /TRUSTED_PROXIES: "10.0.0.0\/40" is not an address or CIDR/],
    [{ TRUSTED_PROXIES: '10.0.0.0/8' }, /TRUSTED_PROXIES: has no use without CLIENT_CERT_HEADER/],
    [{ CLIENT_CERT_HEADER: 'ssl client cert' }, /CLIENT_CERT_HEADER: must be a header name/],
    [{ CLIENT_CERT_HEADER_FORMAT: 'der' }, /CLIENT_CERT_HEADER_FORMAT/],
    [{ EDUV_CERTIFICATE_BINDING: 'off' }, /EDUV_CERTIFICATE_BINDING/],
  ])('names what is wrong: %j', (env, expected) => {
    expect(problems(env)).toMatch(expected);
  });
  it('takes a CA without a TLS listener only with the header', () => {
    expect(problems({ TLS_CLIENT_CA_FILE: certs.file('ca.pem') })).toMatch(/TLS_CLIENT_CA_FILE: needs TLS_CERT_FILE and TLS_KEY_FILE .* or CLIENT_CERT_HEADER/);
  });
  it('requires certificate binding in production, relaxes it in development', () => {
    expect(eduvConfigFromEnv({ EDUV_URL: 'https://eduv.example', EDUV_SENDER_OIN: '00000003123456780000' }, true)?.certificateBinding).toBe('required');
    expect(eduvConfigFromEnv({}, false)?.certificateBinding).toBe('when-presented');
  });
});

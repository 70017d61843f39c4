// Certificates for the tests, made with openssl in a temporary folder: a test
// CA ("PKIoverheid" stand-in), a server certificate for 127.0.0.1, client
// certificates it issues, and a rogue CA with a client of the same name — what
// a forged certificate looks like.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificates {
  dir: string;
  file(name: string): string;
  pem(name: string): string;
  /** SHA-256 thumbprint (base64url) of a certificate: what `cnf.x5t#S256` names. */
  thumbprint(name: string): string;
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

/** `clients`: client certificates issued by the test CA; `rogue-client` is issued by another CA. */
export function makeTestCertificates(clients: readonly string[] = ['client', 'other']): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'facade-certs-'));
  const file = (name: string) => path.join(dir, name);
  const ca = (name: string, cn: string) =>
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`), '-days', '1', '-subj', `/CN=${cn}`);
  const issue = (name: string, cn: string, by: string, extensions: string) => {
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', `/CN=${cn}`);
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file(`${by}.pem`), '-CAkey', file(`${by}.key`), '-CAcreateserial', '-out', file(`${name}.pem`), '-days', '1', '-extfile', file(`${name}.ext`));
  };
  ca('ca', 'Test PKIoverheid CA');
  ca('rogue-ca', 'Test PKIoverheid CA');
  issue('server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  for (const name of clients) issue(name, name, 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=clientAuth\n');
  issue('rogue-client', clients[0] ?? 'client', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const pem = (name: string) => readFileSync(file(`${name}.pem`), 'utf8');
  return {
    dir,
    file,
    pem,
    thumbprint: (name) => createHash('sha256').update(new X509Certificate(pem(name)).raw).digest('base64url'),
  };
}

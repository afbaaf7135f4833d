import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface Pki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  /** Signs ServiceAccount tokens (TokenRequest); the public half verifies them. */
  serviceAccountKey: string;
  serviceAccountPub: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

// P-256 keys: generated in milliseconds, accepted by Go's TLS stack and the token signer.
const ecKey = (out: string) => [
  'genpkey',
  '-algorithm',
  'EC',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-out',
  out,
];

/**
 * A throw-away CA, a serving certificate for loopback and a ServiceAccount signing key pair, all
 * in `dir`. The x509 -req/-extfile form works with OpenSSL 1.1 as well as 3.x.
 */
export async function generatePki(dir: string): Promise<Pki> {
  const p = (name: string) => join(dir, name);
  const pki: Pki = {
    caCert: p('ca.crt'),
    caKey: p('ca.key'),
    servingCert: p('serving.crt'),
    servingKey: p('serving.key'),
    serviceAccountKey: p('sa.key'),
    serviceAccountPub: p('sa.pub'),
  };
  await writeFile(
    p('ca.ext'),
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n',
  );
  await writeFile(
    p('serving.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost,IP:::1',
      '',
    ].join('\n'),
  );
  await Promise.all([
    openssl(ecKey(pki.caKey), dir),
    openssl(ecKey(pki.servingKey), dir),
    openssl(ecKey(pki.serviceAccountKey), dir),
  ]);
  await Promise.all([
    openssl(['req', '-new', '-key', pki.caKey, '-subj', '/CN=gpo-e2e-ca', '-out', p('ca.csr')], dir),
    openssl(['req', '-new', '-key', pki.servingKey, '-subj', '/CN=127.0.0.1', '-out', p('serving.csr')], dir),
    openssl(['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub], dir),
  ]);
  await openssl(
    ['x509', '-req', '-in', p('ca.csr'), '-signkey', pki.caKey, '-days', '7', '-extfile', p('ca.ext')].concat(
      ['-out', pki.caCert],
    ),
    dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      p('serving.csr'),
      '-CA',
      pki.caCert,
      '-CAkey',
      pki.caKey,
      '-set_serial',
      '2',
    ].concat(['-days', '7', '-extfile', p('serving.ext'), '-out', pki.servingCert]),
    dir,
  );
  return pki;
}

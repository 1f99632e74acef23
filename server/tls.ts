// HTTPS for `npm start`: Office loads add-in pages only over HTTPS. Three ways, in order:
//   --cert/--key FILES        production: the organisation's certificate
//   --dev-certs               office-addin-dev-certs (installs a dev CA in the OS trust store)
//   default                   a self-signed localhost certificate made once with `selfsigned`,
//                             kept under <data dir>/tls/ (trust it once; see trustHelp)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
  ca?: string | Buffer;
  /** Where the certificate came from, for the start-up message. */
  origin: 'files' | 'dev-certs' | 'self-signed';
  certPath?: string;
  created?: boolean;
}

export function selfSignedPaths(dataDir: string) {
  const dir = join(dataDir, 'tls');
  return { dir, cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
}

export async function ensureSelfSigned(dataDir: string): Promise<TlsMaterial> {
  const p = selfSignedPaths(dataDir);
  if (existsSync(p.cert) && existsSync(p.key)) {
    return { cert: readFileSync(p.cert), key: readFileSync(p.key), origin: 'self-signed', certPath: p.cert, created: false };
  }
  const notAfter = new Date(Date.now() + 825 * 86_400_000); // browsers cap leaf certificates at 825 days
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'fengong (local)' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  } as Parameters<typeof generate>[1]);
  mkdirSync(p.dir, { recursive: true });
  writeFileSync(p.cert, pems.cert);
  writeFileSync(p.key, pems.private, { mode: 0o600 });
  return { cert: pems.cert, key: pems.private, origin: 'self-signed', certPath: p.cert, created: true };
}

export function readCertFiles(certFile: string, keyFile: string): TlsMaterial {
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), origin: 'files', certPath: certFile };
}

export async function devCerts(): Promise<TlsMaterial> {
  const { getHttpsServerOptions } = (await import('office-addin-dev-certs')) as {
    getHttpsServerOptions: () => Promise<{ ca: Buffer; cert: Buffer; key: Buffer }>;
  };
  const o = await getHttpsServerOptions();
  return { ...o, origin: 'dev-certs' };
}

/** How to make Office and browsers trust the self-signed certificate (printed at start). */
export function trustHelp(certPath: string): string {
  return [
    `HTTPS 证书（自签名）：${certPath}`,
    '让 Excel/浏览器信任它（每台电脑一次）：',
    `  Windows：certutil -addstore -user Root "${certPath}"`,
    `  macOS：  security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db "${certPath}"`,
    `  Linux：  sudo cp "${certPath}" /usr/local/share/ca-certificates/fengong-localhost.crt && sudo update-ca-certificates`,
    '或者：npx office-addin-dev-certs install，然后用 fengong serve --dev-certs；',
    '正式部署：fengong serve --cert 证书.pem --key 私钥.pem（单位内网域名的证书）。',
  ].join('\n');
}

// Signs requests with the AWS SDK's own SigV4 signer (@smithy/signature-v4 + @aws-crypto/sha256-js), so the
// library's signer can be compared with one nobody here wrote. Reads a JSON array of cases on stdin and writes a
// JSON array of { authorization, amzDate, securityToken } in the same order.
// Case: { method, hostname, port?, path, query?: {name: value}, headers: {name: value}, bodyBase64, region, service,
//         accessKeyId, secretAccessKey, sessionToken?, date (ISO 8601) }
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const results = [];
for (const c of cases) {
  const signer = new SignatureV4({
    service: c.service,
    region: c.region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    },
  });
  const signed = await signer.sign(
    {
      method: c.method,
      protocol: 'https:',
      hostname: c.hostname,
      port: c.port,
      path: c.path,
      query: c.query ?? {},
      headers: { ...c.headers },
      body: c.bodyBase64 ? Buffer.from(c.bodyBase64, 'base64') : undefined,
    },
    { signingDate: new Date(c.date) },
  );
  results.push({
    authorization: signed.headers['authorization'],
    amzDate: signed.headers['x-amz-date'],
    securityToken: signed.headers['x-amz-security-token'] ?? null,
  });
}
process.stdout.write(JSON.stringify(results));

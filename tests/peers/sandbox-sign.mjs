// Signs one SES v2 request with the AWS SDK's own SigV4 signer (@smithy/signature-v4) and sends it over HTTPS with
// Node's https module, trusting the sandbox CA through NODE_EXTRA_CA_CERTS. Used by the sandbox tests as a signer
// nobody in this project wrote.
//
// Environment: SANDBOX_URL (https://127.0.0.1:port/v2/...), SANDBOX_METHOD, SANDBOX_BODY (may be empty),
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, SANDBOX_TAMPER ("body" changes one byte after signing).
// Prints "STATUS <code> <x-amzn-ErrorType or ->" and the response body.
import https from "node:https";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

const url = new URL(process.env.SANDBOX_URL);
const method = process.env.SANDBOX_METHOD ?? "GET";
let body = process.env.SANDBOX_BODY ?? "";

const signer = new SignatureV4({
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  region: process.env.AWS_REGION,
  service: "ses",
  sha256: Sha256,
});

const headers = { host: url.host };
if (body.length > 0) {
  headers["content-type"] = "application/json";
}

const signed = await signer.sign({
  method,
  protocol: url.protocol,
  hostname: url.hostname,
  port: Number(url.port),
  path: url.pathname,
  query: Object.fromEntries(url.searchParams),
  headers,
  body: body.length > 0 ? body : undefined,
});

if (process.env.SANDBOX_TAMPER === "body") {
  const last = body.length - 2;
  body = body.slice(0, last) + (body[last] === "a" ? "b" : "a") + body.slice(last + 1);
}

const request = https.request(
  { method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers: signed.headers },
  (response) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk) => (text += chunk));
    response.on("end", () => {
      console.log(`STATUS ${response.statusCode} ${response.headers["x-amzn-errortype"] ?? "-"}`);
      console.log(text);
    });
  },
);
request.on("error", (error) => {
  console.log(`ERROR ${error.code ?? error.message}`);
  process.exitCode = 1;
});
if (body.length > 0) {
  request.write(body);
}
request.end();

#!/usr/bin/env bash
# HTTPS throughput side by side: HttpsTransport, Nodemailer's SES transport and @aws-sdk/client-sesv2, all at the
# same concurrency against the same SES sandbox endpoint (started as a separate process, so each client's CPU time
# is its own). Arguments are passed to the harness, e.g. --smoke, --count 2000, --concurrency 4, --size 2048.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

(cd benchmarks/peers && npm ci --no-audit --no-fund --loglevel=error)
dotnet build samples/Ses.Transport.Sandbox -c Release --nologo -v quiet
dotnet build benchmarks/Ses.Transport.HttpsThroughput -c Release --nologo -v quiet
exec dotnet benchmarks/Ses.Transport.HttpsThroughput/bin/Release/net10.0/Ses.Transport.HttpsThroughput.dll \
  --sandbox samples/Ses.Transport.Sandbox/bin/Release/net10.0/Ses.Transport.Sandbox.dll \
  --peers benchmarks/peers "$@"

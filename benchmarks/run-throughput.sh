#!/usr/bin/env bash
# Throughput harness: installs the Node peers (npm ci), generates a CA and a server certificate, starts the
# smtp-server sink on 127.0.0.1 (stopped by PID on exit), builds the harness in Release and runs it.
# Usage: benchmarks/run-throughput.sh [harness arguments]
#   benchmarks/run-throughput.sh                          the full run: 2,000 messages per scenario, 30 MB attachment
#   benchmarks/run-throughput.sh --smoke                  a few hundred messages; asserts only that every message arrived
#   benchmarks/run-throughput.sh --out results.md         also write the Markdown table to a file
# Other arguments: see `dotnet run --project benchmarks/Ses.Transport.Throughput` (prints its usage).
set -euo pipefail
cd "$(dirname "$0")/.."
peers=benchmarks/peers
harness=benchmarks/Ses.Transport.Throughput

echo "== npm ci ($peers)" >&2
npm ci --prefix "$peers" --no-audit --no-fund --loglevel=error >&2

work=$(mktemp -d)
sink_pid=""
cleanup() {
  if [ -n "$sink_pid" ]; then
    kill "$sink_pid" 2>/dev/null || true
    wait "$sink_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A throwaway CA and a server certificate for localhost / 127.0.0.1, valid for two days.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" -days 2 \
  -subj "/CN=Ses.Transport Throughput CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n' > "$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -out "$work/server.pem" -days 2 -extfile "$work/server.ext" 2>/dev/null

BENCH_USER=bench
BENCH_PASS=$(openssl rand -hex 16)
export BENCH_USER BENCH_PASS

SINK_CERT="$work/server.pem" SINK_KEY="$work/server.key" SINK_USER="$BENCH_USER" SINK_PASS="$BENCH_PASS" \
  node "$peers/sink.js" </dev/null >"$work/sink.log" 2>&1 &
sink_pid=$!

ready=""
for _ in $(seq 1 300); do
  ready=$(grep -m1 '^READY ' "$work/sink.log" || true)
  [ -n "$ready" ] && break
  if ! kill -0 "$sink_pid" 2>/dev/null; then echo "the sink exited:" >&2; cat "$work/sink.log" >&2; exit 1; fi
  sleep 0.1
done
[ -n "$ready" ] || { echo "the sink did not start" >&2; cat "$work/sink.log" >&2; exit 1; }
smtp_port=$(sed -n 's/.* smtp=\([0-9]*\).*/\1/p' <<<"$ready")
tls_port=$(sed -n 's/.* tls=\([0-9]*\).*/\1/p' <<<"$ready")
control_port=$(sed -n 's/.* control=\([0-9]*\).*/\1/p' <<<"$ready")
echo "== sink (pid $sink_pid) on 127.0.0.1: STARTTLS $smtp_port, implicit TLS $tls_port, stats $control_port" >&2

echo "== dotnet build -c Release $harness" >&2
dotnet build "$harness" -c Release -v quiet -nologo >&2

dotnet "$harness/bin/Release/net10.0/Ses.Transport.Throughput.dll" \
  --smtp-port "$smtp_port" --tls-port "$tls_port" --control-port "$control_port" --ca "$work/ca.pem" \
  --peers "$PWD/$peers" "$@"

#!/usr/bin/env bash
# CLI start-up benchmark: one-shot verbs of `paddock` (the bundle, as a user runs it) against a
# `paddock up` on loopback, beside bare `node -e 0` (the floor) in the same hyperfine run; wall
# time and user+system CPU, on the machine as it is and again with both cores kept busy by two
# `yes` processes. The load average is printed before each run.
# Then the gRPC clients alone, each bundled on its own: one GetInfo with grpc-js over TLS (what
# the CLI used), and with the runtime's small HTTP/2 client over TLS (what a verb uses for a server
# named by --server) and over the server's local socket (what it uses on the server's machine).
#   bash test/bench/cli-start.sh [runs]        (default 30 runs per command)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/env.sh
source "$root/scripts/env.sh"
unset PADDOCK_DEV # a user's shell: the bundle runs without looking at the sources
runs=${1:-30}
command -v hyperfine >/dev/null || { echo "cli-start: hyperfine missing (scripts/setup.sh installs it)" >&2; exit 1; }
# bin/paddock.js runs the sources when the bundle was built from another commit: that is not
# what this measures.
node --input-type=module -e '
  import { bundleIsCurrent } from "'"$root"'/services/cli/bin/bundle-current.js";
  process.exit(bundleIsCurrent(new URL("file://'"$root"'/services/cli/dist/")) ? 0 : 1);
' 2>/dev/null ||
  { echo "cli-start: the bundle is missing or not built from this commit; run node scripts/bundle.ts" >&2; exit 1; }

data=$(mktemp -d /tmp/paddock-cli-start.XXXXXX)
paddock=(node "$root/services/cli/bin/paddock.js")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$data"
}
trap cleanup EXIT

"${paddock[@]}" up --data-dir "$data" --grpc-listen 127.0.0.1:0 --http-listen 127.0.0.1:0 --log-level error \
  >"$data/up.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do [ -f "$data/run/up.json" ] && break; sleep 0.5; done
[ -f "$data/run/up.json" ] || { cat "$data/up.log" >&2; exit 1; }
export PADDOCK_DATA_DIR=$data
"${paddock[@]}" status --json >/dev/null # the compile cache, as after any first run

bench() {
  echo "== $1: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  hyperfine -N --warmup 3 --runs "$runs" --style basic \
    'node -e 0' \
    "${paddock[*]} --version" \
    "${paddock[*]} --help" \
    "${paddock[*]} status --json" \
    "${paddock[*]} nodes list" 2>&1 | grep -E '^Benchmark|Time \(mean'
}

# The two clients, bundled as the CLI's bundles are (ES module, minified), with a compile cache.
mkdir -p "$data/transport"
(cd "$root" && node -e '
  const { buildSync } = require("esbuild");
  for (const n of ["grpc-js", "h2", "h2-tls"]) buildSync({
    entryPoints: [`test/bench/cli-transport/${n}.ts`], outfile: `${process.argv[1]}/${n}.mjs`, bundle: true,
    format: "esm", platform: "node", target: "node24", minifyWhitespace: true, minifySyntax: true, logLevel: "warning",
    banner: { js: "import { createRequire as __r } from \"node:module\"; const require = __r(import.meta.url);" },
  });
' "$data/transport")
cache=$data/transport/cache
NODE_COMPILE_CACHE=$cache node "$data/transport/grpc-js.mjs"
NODE_COMPILE_CACHE=$cache node "$data/transport/h2.mjs"
NODE_COMPILE_CACHE=$cache node "$data/transport/h2-tls.mjs"

transports() {
  echo "== $1, one GetInfo (grpc-js over TLS; the small client over TLS, then over the local socket): load average $(cut -d' ' -f1-3 /proc/loadavg)"
  NODE_COMPILE_CACHE=$cache hyperfine -N --warmup 3 --runs "$runs" --style basic \
    'node -e 0' \
    "node $data/transport/grpc-js.mjs" \
    "node $data/transport/h2-tls.mjs" \
    "node $data/transport/h2.mjs" 2>&1 | grep -E '^Benchmark|Time \(mean'
}

bench "as the machine is"
transports "as the machine is"
yes >/dev/null &
busy1=$!
yes >/dev/null &
busy2=$!
pids+=("$busy1" "$busy2")
bench "both cores busy (two yes processes)"
transports "both cores busy (two yes processes)"
kill "$busy1" "$busy2"

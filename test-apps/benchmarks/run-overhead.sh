#!/usr/bin/env bash
# Builds the agent, the checkout app and the harness, then runs the overhead benchmark:
# no agent vs Lantern vs the OpenTelemetry Java agent, interleaved. Options are passed on
# (--rounds N --starts-per-round N --warmup-seconds N --load-seconds N --concurrency N --rate REQ_PER_S
# --setups none,lantern,otel --app-jvm-arg ARG --startup-only --warmup-starts N --out DIR --smoke;
# see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests -pl agent,test-apps/bench-app,test-apps/benchmarks -am package
exec java -cp "test-apps/benchmarks/target/classes:$(cat test-apps/benchmarks/target/classpath.txt)" \
  dev.lantern.bench.OverheadHarness --out test-apps/benchmarks/results "$@"

#!/usr/bin/env bash
# Builds the agent and the benchmarks, then runs the hot-path micro-benchmarks (JMH, -prof gc)
# without an agent, with Lantern and with the OpenTelemetry agent. Arguments: an optional
# benchmark regex (e.g. HttpServerBenchmark), --quick for short iterations.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -DskipTests -pl agent,test-apps/benchmarks -am package
exec java -cp "test-apps/benchmarks/target/classes:$(cat test-apps/benchmarks/target/classpath.txt)" \
  dev.lantern.bench.jmh.MicroBenchmarks "$@"

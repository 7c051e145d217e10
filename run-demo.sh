#!/usr/bin/env bash
# Builds the agent and the demo, then runs the demo: a launcher (without the agent) starts a Kafka
# broker, an LLM server and a database, then the ingress, classifier and gateway services, each in
# its own JVM under the agent, sends a little traffic and prints where to look. Ctrl-C stops it all.
# Spans are printed on stderr unless LANTERN_TRACES_EXPORTER says otherwise (otlp: a collector on
# localhost:4318); every LANTERN_* variable reaches the three services. DEMO_JAVA_OPTS passes demo.*
# settings to the launcher, e.g. DEMO_JAVA_OPTS="-Ddemo.ingress.port=9080".
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -pl agent,test-apps/demo -am package
export LANTERN_TRACES_EXPORTER="${LANTERN_TRACES_EXPORTER:-logging}"
exec java ${DEMO_JAVA_OPTS:-} -Ddemo.agent.jar=agent/target/lantern-agent.jar -jar test-apps/demo/target/lantern-demo.jar "$@"

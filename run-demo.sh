#!/usr/bin/env bash
# Builds the agent and the demo, then runs the demo under the agent on embedded defaults.
# Spans are printed on stderr unless LANTERN_TRACES_EXPORTER says otherwise; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -pl agent,test-apps/demo -am install
export LANTERN_SERVICE_NAME="${LANTERN_SERVICE_NAME:-lantern-demo}"
export LANTERN_TRACES_EXPORTER="${LANTERN_TRACES_EXPORTER:-logging}"
exec java -javaagent:agent/target/lantern-agent.jar -jar test-apps/demo/target/lantern-demo.jar "$@"

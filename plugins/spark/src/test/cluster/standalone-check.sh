#!/usr/bin/env bash
# Runs the thin jar through spark-submit on a real Spark standalone cluster of one master and one worker on
# this machine (loopback), with executors in their own JVMs, as on a cluster. Needs no Spark distribution:
# the master, the worker and spark-submit are started from the Spark jars the build copied to target/lib.
# Run from the repository root after `mvn -B -DskipTests package`:
#   plugins/spark/src/test/cluster/standalone-check.sh [TRACES...]   (default: ../shared/traces/hta/trace_filter)
# It writes target/standalone-check/job.parallax.json and compares it with a local[2] run of the same input.
set -euo pipefail
root=$(pwd)
spark=$root/plugins/spark/target
out=$spark/standalone-check
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=("$root/../shared/traces/hta/trace_filter")
rm -rf "$out" && mkdir -p "$out/home"
ln -s "$spark/lib" "$out/home/jars"
echo "jars of the Parallax build" >"$out/home/RELEASE" # a release layout: jars/ holds the class path
export SPARK_HOME=$out/home SPARK_SCALA_VERSION=2.13
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    opens+=" --add-opens=java.base/$p=ALL-UNNAMED"
done
cp="$spark/lib/*"
port=$((20000 + RANDOM % 20000))
cleanup() { kill "$master" "$worker" 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck disable=SC2086
java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port $port \
    --webui-port $((port + 1)) >"$out/master.log" 2>&1 &
master=$!
sleep 8
# shellcheck disable=SC2086
java $opens -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 2g \
    --webui-port $((port + 2)) "spark://127.0.0.1:$port" >"$out/worker.log" 2>&1 &
worker=$!
sleep 8
# shellcheck disable=SC2086
java $opens -Xmx1g -cp "$cp" org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$port" \
    --class dev.parallax.spark.Launcher --executor-memory 1g "$spark/parallax-spark.jar" \
    analyze -a breakdown -a idle -o "$out/job.parallax.json" "${inputs[@]}" 2>"$out/submit.log" | tee "$out/submit.txt"
echo "executors started by the worker: $(grep -c 'Launch command' "$out/worker.log")"
java -jar "$spark/parallax-spark.jar" analyze --master 'local[2]' -a breakdown -a idle \
    -o "$out/local.parallax.json" "${inputs[@]}" 2>/dev/null >/dev/null
python3 - "$out/job.parallax.json" "$out/local.parallax.json" <<'PY'
import json, sys
def figures(x):  # the analysis figures, without timings of the run itself (load_nanos, ...)
    if isinstance(x, dict):
        return {k: figures(v) for k, v in x.items() if not k.endswith("_nanos")}
    if isinstance(x, list):
        return [figures(v) for v in x]
    return x
a, b = (figures(json.load(open(p))) for p in sys.argv[1:3])
keys = ["ranks", "distributions", "stragglers", "heatmap", "collective_skew", "by_node", "by_stage"]
same = all(a[k] == b[k] for k in keys)
print("standalone cluster figures equal local[2]'s:", same)
sys.exit(0 if same else 1)
PY

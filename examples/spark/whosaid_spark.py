"""whosaid on Apache Spark: extraction and graph building as map steps over a JSON Lines corpus.

Two jobs, each one `spark-submit` (or `python3`, which starts a local Spark):

  extract CORPUS OUT   every partition's records go through `whosaid extract - --format jsonl`
                       (RDD.pipe); OUT/attributions/ gets one attribution per line with its
                       document, OUT/errors/ the records that could not be read.
  graph CORPUS OUT     every partition's records go through `whosaid build - --compact`
                       (RDD.pipe), giving one graph shard per partition; the shards are reduced
                       by a tree of `whosaid merge -` steps (RDD.pipe again, --fan-in shards a
                       step), and OUT/graph.json plus the exports asked for are written on the
                       driver.

CORPUS is anything `SparkContext.textFile` reads: a .jsonl file, a directory or a glob of them,
local or on a distributed file system. Every record needs an "id" (a one-shot `whosaid build`
names a record without one after its file and line, which a partition cannot know) and a
"text"; "publisher", "url", "title" and "date" are used when present.

The binary: `--whosaid PATH` ships a whosaid binary to every executor (the same as
`spark-submit --files PATH`); without it, a `whosaid` on the workers' PATH is used. See
README.md beside this file.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession

# Each whosaid process runs in one Spark task, which Spark counts as one core.
ONE_TASK = ["--jobs", "1", "--quiet"]


def child_env(binary_dir):
    """The environment of every whosaid process: a PATH that finds the binary shipped with
    --files (in local mode in the driver's SparkFiles directory, which the executors share; on a
    cluster in each executor's working directory, where Spark puts shipped files), then one
    installed on the worker."""
    dirs = [binary_dir, ".", os.environ.get("PATH", ""), "/usr/local/bin", "/usr/bin", "/bin"]
    return {"PATH": os.pathsep.join(d for d in dirs if d), "LC_ALL": "C.UTF-8"}


def records_of(sc, corpus, partitions):
    """The corpus's non-blank lines, in `partitions` partitions when given. Blank lines are left
    out so that every line piped to whosaid gets exactly one line back."""
    lines = sc.textFile(corpus, minPartitions=partitions or None)
    if partitions and lines.getNumPartitions() != partitions:
        lines = lines.repartition(partitions)
    return lines.filter(lambda line: line.strip())


def whosaid_name(sc, path):
    """Ships `path` to the executors when given; returns the name to run."""
    if path:
        sc.addFile(os.path.abspath(path))
        return os.path.basename(path)
    return "whosaid"


def is_error(line):
    """An error line of `--bad-records inline` (its keys are sorted, so "error" comes first)."""
    return line.startswith('{"error"')


def attribution_rows(line):
    """The attributions of one document's line, each as a JSON line with its document."""
    x = json.loads(line)
    for a in x["attributions"]:
        a["document"] = x["document"]
        yield json.dumps(a, sort_keys=True, ensure_ascii=False)


def located_errors(partition, lines):
    """Error lines with their partition: their line is the record's within that partition."""
    for line in lines:
        e = json.loads(line)["error"]
        e["partition"] = partition
        yield json.dumps(e, sort_keys=True, ensure_ascii=False)


def extract_job(sc, args, name, env):
    cmd = [name, "extract", "-", "--format", "jsonl", "--input-format", "jsonl"]
    cmd += ["--bad-records", "inline", *ONE_TASK, *args.whosaid_args]
    # one output line per record, in order; a crash of whosaid fails the task (Spark retries it)
    out = records_of(sc, args.corpus, args.partitions).pipe(
        shlex.join(cmd), env=env, checkCode=True
    )
    out.persist(StorageLevel.MEMORY_AND_DISK)
    docs = out.filter(lambda line: not is_error(line))
    rows = docs.flatMap(attribution_rows).persist(StorageLevel.MEMORY_AND_DISK)
    rows.saveAsTextFile(os.path.join(args.out, "attributions"))
    errors = out.filter(is_error).mapPartitionsWithIndex(located_errors)
    errors.saveAsTextFile(os.path.join(args.out, "errors"))
    return {"documents": docs.count(), "attributions": rows.count(), "errors": errors.count()}


def merge_tree(shards, name, env, fan_in, out_path):
    """Reduces one-graph partitions to one graph file, a level at a time. While there are more
    than `fan_in` graphs, partitions are grouped by index, `fan_in` to a group (a shuffle, so a
    level's merges run in parallel), and each group's graphs go through one `whosaid merge -
    --compact` (RDD.pipe), which reads every graph once. The last `fan_in` graphs are streamed
    to the driver one at a time into a `whosaid merge` there, which writes `out_path`: no graph
    is ever held whole in the driver's Python."""
    level = shards
    cmd = shlex.join([name, "merge", "-", "-o", "-", "--compact", "--quiet"])
    while level.getNumPartitions() > fan_in:
        groups = -(-level.getNumPartitions() // fan_in)
        level = (
            level.mapPartitionsWithIndex(lambda i, graphs, f=fan_in: ((i // f, g) for g in graphs))
            .partitionBy(groups, lambda group: group)
            .values()
            .pipe(cmd, env=env, checkCode=True)
        )
    # computed in parallel before the driver reads the partitions one by one
    level = level.persist(StorageLevel.MEMORY_AND_DISK)
    level.count()
    driver_env = dict(env, PATH=os.pathsep.join([SparkFiles.getRootDirectory(), env["PATH"]]))
    merge = subprocess.Popen(
        [name, "merge", "-", "-o", out_path, "--quiet"], stdin=subprocess.PIPE, env=driver_env
    )
    for graph in level.toLocalIterator():
        merge.stdin.write(graph.encode("utf-8") + b"\n")
    merge.stdin.close()
    if merge.wait() != 0:
        raise RuntimeError(f"whosaid merge on the driver exited with {merge.returncode}")
    level.unpersist()
    return driver_env


def graph_job(sc, args, name, env):
    cmd = [name, "build", "-", "-o", "-", "--compact", "--input-format", "jsonl"]
    cmd += ["--bad-records", "drop", *ONE_TASK, *args.whosaid_args]
    # one line per partition: its shard (an empty partition: an empty graph)
    records = records_of(sc, args.corpus, args.partitions)
    shards = records.pipe(shlex.join(cmd), env=env, checkCode=True)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "graph.json")
    driver_env = merge_tree(shards, name, env, args.fan_in, path)
    # exports on the driver, by the binary Spark shipped to it or the one on its PATH
    for fmt in args.export:
        target = os.path.join(args.out, fmt if fmt in ("csv", "neo4j") else f"graph.{fmt}")
        subprocess.run(
            [name, "export", path, "--format", fmt, "-o", target], env=driver_env, check=True
        )
    # the counts are in the graph's header, before its nodes
    head = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith('  "nodes"'):
                break
            head.append(line)
    meta = json.loads("".join(head).rstrip().rstrip(",") + "}")["graph"]
    return {"graph": path, "articles": meta["articles"], "claims": meta["claims"],
            "partitions": records.getNumPartitions()}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("job", choices=["extract", "graph"])
    p.add_argument("corpus", help="JSON Lines file, directory or glob (any textFile path)")
    p.add_argument("out", help="output directory (graph: on the driver's file system)")
    p.add_argument("--partitions", type=int, help="number of partitions (default: Spark's)")
    p.add_argument("--fan-in", type=int, default=8,
                   help="graph job: shards merged by one whosaid merge (default 8)")
    p.add_argument("--whosaid", help="a whosaid binary to ship to the executors")
    p.add_argument("--export", action="append", default=[],
                   help="graph job: also write this export format (dot, graphml, gexf, csv, ...)")
    p.add_argument("--master", help="Spark master when not run by spark-submit (e.g. local[2])")
    # after `--`: options for every whosaid extract or build (--rules-only, --min-confidence 0.5)
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    args = p.parse_args(argv)
    args.whosaid_args = extra

    builder = SparkSession.builder.appName(f"whosaid {args.job}")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        name = whosaid_name(sc, args.whosaid)
        env = child_env(SparkFiles.getRootDirectory())
        job = extract_job if args.job == "extract" else graph_job
        summary = job(sc, args, name, env)
    finally:
        spark.stop()
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])

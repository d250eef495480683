"""Apache Spark as orbitkg's batch engine: JSON-lines articles in partitions,
each piped through `orbitkg extract --stdin` (RDD.pipe), the records
collected, `orbitkg load`-ed, and the graph compared with `orbitkg build` of
the same file. Spark runs in local mode; the binary is shipped the way a
cluster job ships it (SparkContext.addFile, SparkFiles.get).

    python tests/spark/spark_shards.py ORBITKG CORPUS.jsonl WORKDIR [PARTITIONS]

Exits 0 when the two graphs are equal (as sorted N-Quads), 1 otherwise.
"""

import os
import shlex
import subprocess
import sys
import time


def sorted_lines(path):
    with open(path, encoding="utf-8") as f:
        return sorted(f.read().splitlines())


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    binary, corpus, work = sys.argv[1:4]
    partitions = int(sys.argv[4]) if len(sys.argv) == 5 else 4
    os.makedirs(work, exist_ok=True)
    name = os.path.basename(corpus)

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    started = time.monotonic()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("orbitkg-shards")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    sc = spark.sparkContext
    sc.addFile(binary)
    shipped = SparkFiles.get(os.path.basename(binary))
    os.chmod(shipped, 0o755)
    spark_up = time.monotonic()

    articles = sc.textFile(corpus, minPartitions=partitions)
    got = articles.getNumPartitions()
    # --source names articles without a url as `orbitkg build CORPUS` does.
    command = f"{shlex.quote(shipped)} extract --stdin --quiet --source {shlex.quote(name)}"
    records = articles.pipe(command, checkCode=True).collect()
    spark.stop()
    piped = time.monotonic()

    lines_in = sum(1 for line in open(corpus, encoding="utf-8") if line.strip())
    if len(records) != lines_in:
        print(f"FAIL: {lines_in} articles in, {len(records)} records out", file=sys.stderr)
        return 1
    records_path = os.path.join(work, "records.jsonl")
    with open(records_path, "w", encoding="utf-8") as f:
        f.write("\n".join(records) + "\n")

    loaded = os.path.join(work, "loaded.nq")
    single = os.path.join(work, "single.nq")
    subprocess.run([binary, "load", records_path, "--quiet", "--out", loaded], check=True)
    subprocess.run([binary, "build", corpus, "--quiet", "--out", single], check=True)
    a, b = sorted_lines(single), sorted_lines(loaded)
    if a != b:
        missing = [l for l in a if l not in set(b)][:5]
        extra = [l for l in b if l not in set(a)][:5]
        print(f"FAIL: Spark's graph has {len(b)} quads, the single build {len(a)}", file=sys.stderr)
        print("missing:", *missing, "extra:", *extra, sep="\n  ", file=sys.stderr)
        return 1
    done = time.monotonic()
    print(
        f"spark: {lines_in} articles in {got} partitions piped through orbitkg extract --stdin: "
        f"{len(a)} quads, equal to the single build "
        f"(Spark start {spark_up - started:.1f} s, pipe {piped - spark_up:.1f} s, "
        f"load and compare {done - piped:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

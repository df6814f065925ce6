"""Runs a command once; prints {"seconds": wall, "peak_rss_mb": largest RSS of it or any child}.

Node cannot read a child's rusage, so the benchmark asks Python (on every machine of this kind).
"""
import json
import resource
import subprocess
import sys
import time

start = time.monotonic()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.monotonic() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if result.returncode != 0:
    sys.stderr.write(result.stderr.decode())
    sys.exit(result.returncode)
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_kb / 1024}))

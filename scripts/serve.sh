#!/usr/bin/env bash
# Serves a production build: `next start` with a bounded JavaScript heap.
#
# Left alone, V8 sizes its heap from the machine's memory (about 4 GB here) and keeps what a busy
# minute made it grow to: after twenty parallel dashboards the server sat at 600 MB resident and
# never gave it back. What the app holds at once is small (pages are rendered and streamed one at a
# time per request, exports stream in keyset batches, the import stages its chunks in the
# database), so a bounded heap only makes the collector run sooner. THROUGHLINE_HEAP_MB sets the
# bound (MB of old space; 0 leaves Node's default); a NODE_OPTIONS of your own is kept and wins.
# Decision record 23 has the measurements.
#
# `exec`: the server is this process, so a process manager's signals and memory figures reach it.
set -euo pipefail
cd "$(dirname "$0")/.."
heap="${THROUGHLINE_HEAP_MB:-160}"
if ! [[ "$heap" =~ ^[0-9]+$ ]]; then
  echo "THROUGHLINE_HEAP_MB must be a whole number of megabytes (0 for Node's default), not \"$heap\"." >&2
  exit 2
fi
if [ "$heap" != "0" ]; then
  export NODE_OPTIONS="--max-old-space-size=$heap${NODE_OPTIONS:+ $NODE_OPTIONS}"
fi
exec ./node_modules/.bin/next start "$@"

#!/bin/sh
# Entry point of every Node image: Node's heap follows the container's memory limit. The old generation gets
# HEAP_PERCENT_OF_LIMIT (60) percent of the cgroup's limit (v2, else v1), the rest is left to the young generation,
# code, buffers and native memory, so garbage collection works harder before the kernel would kill the process.
# Without a limit, or when NODE_OPTIONS already sets the heap, it changes nothing. glibc's malloc gets at most
# MALLOC_ARENA_MAX (2) arenas: by default each thread that allocates (libuv's pool: zlib, crypto, file reads) may get
# its own, and memory freed in one is not returned while others hold pages, so resident memory climbs and stays up
# after load. Then it runs the command.
set -eu
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
cgroup="${CGROUP_ROOT:-/sys/fs/cgroup}"
limit=""
if [ -r "$cgroup/memory.max" ]; then
  limit=$(cat "$cgroup/memory.max")
elif [ -r "$cgroup/memory/memory.limit_in_bytes" ]; then
  limit=$(cat "$cgroup/memory/memory.limit_in_bytes")
fi
case "$limit" in
  '' | max | *[!0-9]*) ;;
  *)
    mb=$((limit / 1048576 * ${HEAP_PERCENT_OF_LIMIT:-60} / 100))
    # cgroup v1 reads "no limit" as a huge number
    if [ "$mb" -ge 64 ] && [ "$mb" -lt 65536 ]; then
      case " ${NODE_OPTIONS:-} " in
        *--max-old-space-size*) ;;
        *) NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-old-space-size=$mb"; export NODE_OPTIONS ;;
      esac
    fi
    ;;
esac
exec "$@"

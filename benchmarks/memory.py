"""Peak memory of the running process, read the same way by every benchmark."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB.

    Read from /proc (VmHWM) where it exists: ``getrusage`` reports the high-water mark inherited
    from the parent across fork + exec on Linux, so a child started after the parent built an
    index would report the build's memory.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

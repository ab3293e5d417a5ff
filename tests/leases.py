"""Slow files on demand: a Linux write lease makes whoever opens the file wait for its release.

A real filesystem condition, not a stand-in for our code: the kernel blocks the `open()` of a
leased file (the fingerprint's, the loader's) and tells the lease holder with SIGIO, which the
test awaits as an event; releasing the lease lets the `open()` go on. The kernel breaks a lease
by itself after /proc/sys/fs/lease-break-time (45 s by default): a failed test cannot hang.
"""

import asyncio
import fcntl
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

F_SETLEASE = getattr(fcntl, "F_SETLEASE", 1024)  # Linux; Python 3.11 does not name it


class Leases:
    """Write leases taken by the test; `opened` is set when someone opens a leased file."""

    def __init__(self) -> None:
        self.opened = asyncio.Event()
        self._held: dict[Path, tuple[int, bytes]] = {}

    def take(self, path: Path) -> None:
        """Lease `path`: its next `open()` waits (nobody else may have it open now)."""
        content = path.read_bytes()
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.fcntl(fd, F_SETLEASE, fcntl.F_WRLCK)
        except OSError:
            os.close(fd)
            raise
        self._held[path] = (fd, content)

    def swap_out(self, path: Path) -> None:
        """Put an unleased copy at `path`; an `open()` waiting on the leased file still waits."""
        copy = path.with_name(path.name + ".tmp")  # ignored by the fingerprint meanwhile
        copy.write_bytes(self._held[path][1])
        os.replace(copy, path)

    async def wait_opened(self, what: str, timeout_s: float = 10.0) -> None:
        """Until a leased file is opened by someone (then the event is cleared)."""
        try:
            await asyncio.wait_for(self.opened.wait(), timeout_s)
        except TimeoutError:
            raise AssertionError(
                f"nobody opened a leased file within {timeout_s} s: {what}"
            ) from None
        self.opened.clear()

    def release(self, path: Path) -> None:
        """Let the `open()` waiting on `path` (if any) go on."""
        fd, _ = self._held.pop(path)
        fcntl.fcntl(fd, F_SETLEASE, fcntl.F_UNLCK)
        os.close(fd)

    def release_all(self) -> None:
        """Release every lease still held."""
        for path in list(self._held):
            self.release(path)


@contextmanager
def leases() -> Iterator[Leases]:
    """Leases for the running event loop's test; SIGIO handled only meanwhile."""
    loop = asyncio.get_running_loop()
    held = Leases()
    loop.add_signal_handler(signal.SIGIO, held.opened.set)
    try:
        yield held
    finally:
        held.release_all()
        loop.remove_signal_handler(signal.SIGIO)

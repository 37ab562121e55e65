"""What the officer's page remembers of an upload: in memory only, for one session.

A `Sessions` store keeps what each upload was read as under a random id
for ``ttl`` seconds after last use, at most ``size`` uploads (the oldest goes
first); the bytes themselves are not kept, nothing is written to disk, and
"forget" drops an upload at once.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from coopeval.serve.upload import Reading

__all__ = ["Sessions"]

#: Seconds an upload is kept after it was last looked at.
TTL = 30 * 60

#: Uploads kept at once, across every open page.
SIZE = 16


class Sessions:
    """Uploads read, by session id; see the module docstring."""

    def __init__(
        self, ttl: float = TTL, size: int = SIZE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._uploads: OrderedDict[str, tuple[float, Reading]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, reading: Reading) -> str:
        """Keep ``reading``; its new, unguessable session id."""
        sid = secrets.token_urlsafe(18)
        with self._lock:
            self._expire()
            self._uploads[sid] = (self.clock(), reading)
            while len(self._uploads) > self.size:
                self._uploads.popitem(last=False)
        return sid

    def get(self, sid: str) -> Reading | None:
        """The upload of ``sid``, if still kept (it is then kept ``ttl`` longer)."""
        with self._lock:
            self._expire()
            found = self._uploads.pop(sid, None)
            if found is None:
                return None
            self._uploads[sid] = (self.clock(), found[1])
            return found[1]

    def forget(self, sid: str) -> None:
        """Drop the upload of ``sid`` now."""
        with self._lock:
            self._uploads.pop(sid, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._uploads)

    def _expire(self) -> None:
        now = self.clock()
        for sid in [s for s, (seen, _) in self._uploads.items() if now - seen > self.ttl]:
            del self._uploads[sid]

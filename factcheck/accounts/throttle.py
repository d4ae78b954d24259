"""Login throttling: too many failed logins for one account, or from one address, lock that key
for a while (issue 16, point 5).

The counts live in the server process (a password guesser talks to one server; several worker
processes each keep their own count, which multiplies the limit by their number, never removes it).
A key is locked once it has ``limit`` failures within ``window`` seconds, until the oldest of them
leaves the window; a successful login clears the account's count (not the address's: one address
may try many accounts).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

ACCOUNT_LIMIT = 10  # wrong passwords for one account within the window
ADDRESS_LIMIT = 50  # failures from one address (many reviewers may share an office's address)
WINDOW_SECONDS = 15 * 60
MAX_KEYS = 100_000  # past this many names and addresses, the stale ones are forgotten


class LoginThrottle:
    """Counts failed logins per account name and per client address."""

    def __init__(
        self,
        *,
        account_limit: int = ACCOUNT_LIMIT,
        address_limit: int = ADDRESS_LIMIT,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limits = {"account": account_limit, "address": address_limit}
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str) -> int:
        """Seconds until a login for ``name`` from ``address`` may be tried again (0: now)."""
        with self._lock:
            now = self.clock()
            waits = [self._wait(key, now) for key in self._keys(name, address)]
        return max(waits)

    def failed(self, name: str, address: str) -> None:
        """Count a failed login."""
        with self._lock:
            now = self.clock()
            if len(self._failures) > MAX_KEYS:  # guessers rotating names or addresses
                self._prune(now)
            for key in self._keys(name, address):
                times = self._failures.setdefault(key, deque())
                times.append(now)
                self._expire(key, times, now)

    def succeeded(self, name: str) -> None:
        """Forget the account's failures (a reviewer who finally typed it right)."""
        with self._lock:
            self._failures.pop(("account", _account(name)), None)

    def _prune(self, now: float) -> None:
        for key in [k for k, times in self._failures.items() if times[-1] <= now - self.window]:
            del self._failures[key]

    def _keys(self, name: str, address: str) -> list[tuple[str, str]]:
        return [("account", _account(name)), ("address", address)]

    def _wait(self, key: tuple[str, str], now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        self._expire(key, times, now)
        limit = self.limits[key[0]]
        if len(times) < limit:
            return 0
        # locked until enough of the failures have left the window to go below the limit
        return max(1, int(times[len(times) - limit] + self.window - now + 0.999))

    def _expire(self, key: tuple[str, str], times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()
        limit = self.limits[key[0]]
        while len(times) > limit:  # older failures no longer change when the lock ends
            times.popleft()
        if not times:
            self._failures.pop(key, None)


def _account(name: str) -> str:
    return name.strip().casefold()

"""The check stage in a second process, started when a run begins, so that Great Expectations'
import (~1.8 s of CPU, pure Python: a thread cannot overlap it with the run's own Python
work, the GIL) happens on the other core while the run imports Prefect, pulls, extracts
and loads, and so that the checks' own Python work leaves the run's process.

``start(expectations_dir)`` launches ``python -m returnwatch.check_worker``: it imports GX,
then waits on its stdin. ``CheckWorker.check`` sends it a warehouse path (pickled on its
stdin); the worker runs ``check_warehouse`` on it through its own read-only connection and
sends back the ``QualityReport`` (pickled on its stdout). The caller must not hold the
warehouse open for writing meanwhile (DuckDB lets several processes open one file only if
all open it read-only): the run's load has closed it. ``CheckWorker.check_frames`` sends
frames instead (the base tables, read by the load inside its transaction, see
``returnwatch.early_check``): the worker checks them while the run derives, without ever
opening the warehouse, and ``early_report`` collects the answer.

The worker never outlives the run, nor hangs it: it leaves when its stdin closes (the run
ended, or died), ``stop`` (an ``atexit`` handler) kills it, and a check that gets no answer
within ``CHECK_WORKER_TIMEOUT_SECONDS``, or a worker that died or failed, is reported as one
failed check naming what went wrong, so the exports are not refreshed.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import gc
import os
import pickle
import subprocess
import sys
import threading
import traceback
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from returnwatch.clock import latest_plausible_date
from returnwatch.config import CHECK_WORKER_PARALLEL, CHECK_WORKER_TIMEOUT_SECONDS

if TYPE_CHECKING:  # imported when used: starting the worker must not wait for pandas
    from collections.abc import Collection

    from returnwatch.quality.gx_checks import PreparedChecks
    from returnwatch.quality.report import QualityReport

WORKER_CHECK = "check_worker"
"""The expectation name of the one failed result that stands for a worker's failure."""


@dataclass(frozen=True)
class _Request:
    warehouse: Path | None
    expectations_dir: Path
    run_id: str | None
    run_date: dt.date | None
    tables: tuple[str, ...] | None = None  # None: every suite
    frames: dict | None = None  # table -> frame already read: checked as they are


class CheckWorker:
    """One worker process and the pipes to it."""

    def __init__(self, expectations_dir: Path) -> None:
        self.expectations_dir = Path(expectations_dir)
        self._process = subprocess.Popen(
            [sys.executable, "-m", "returnwatch.check_worker", str(self.expectations_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        self._lock = threading.Lock()
        self._early: tuple[str, Future, float] | None = None

    @property
    def pid(self) -> int:
        return self._process.pid

    def check(
        self,
        warehouse: Path,
        *,
        run_id: str | None = None,
        run_date: dt.date | None = None,
        tables: Collection[str] | None = None,
        timeout: float = CHECK_WORKER_TIMEOUT_SECONDS,
    ) -> QualityReport:
        """``check_warehouse(warehouse, expectations_dir, run_id=..., run_date=...,
        tables=...)`` run by the worker; any failure of the worker is one failed check
        saying what happened. ``run_date`` defaults to the caller's
        ``clock.latest_plausible_date()``: the run's clock decides, not the worker's."""
        chosen = None if tables is None else tuple(tables)
        run_date = run_date or latest_plausible_date()
        request = _Request(Path(warehouse), self.expectations_dir, run_id, run_date, chosen)
        return self._exchange(request, timeout)

    def check_frames(
        self,
        frames: dict,
        run_id: str,
        *,
        tables: Collection[str] | None = None,
        run_date: dt.date | None = None,
        timeout: float = CHECK_WORKER_TIMEOUT_SECONDS,
    ) -> None:
        """Have the worker run the suites of ``frames``' tables (or of ``tables``: one
        without a frame fails as missing) on them (``run_checks``), in the background: sent
        and answered by a thread, so the caller goes on (the load derives meanwhile).
        ``early_report(run_id)`` waits for the report. The worker gets the frames, not the
        warehouse: it never opens the file while the run writes it. ``run_date``: as in
        ``check``."""
        request = _Request(
            None,
            self.expectations_dir,
            run_id,
            run_date or latest_plausible_date(),
            tuple(frames if tables is None else tables),
            dict(frames),
        )
        answer: Future = Future()

        def exchange() -> None:
            try:
                answer.set_result(self._exchange(request, timeout))
            except BaseException as err:  # nothing expected: told to whoever waits
                answer.set_exception(err)

        self._early = (run_id, answer, timeout)
        threading.Thread(target=exchange, name="check-worker-early", daemon=True).start()

    def early_asked(self, run_id: str) -> bool:
        """Whether ``check_frames`` was asked for ``run_id`` and not yet collected."""
        return self._early is not None and self._early[0] == run_id

    def early_report(self, run_id: str) -> QualityReport | None:
        """The report of ``check_frames`` for ``run_id`` (waited for), or None when none was
        asked; a worker that does not answer in time is stopped, and the report is one
        failed check saying so, as for ``check``."""
        early, self._early = self._early, None
        if early is None or early[0] != run_id:
            return None
        _, answer, timeout = early
        try:  # the exchange keeps its own time limit; this one covers a send that blocks
            return answer.result(timeout=timeout + 5)
        except FutureTimeout:
            self.close(wait=0)
            return self._failed(
                f"the check worker took no request within {timeout:g} s and was stopped "
                "(RETURNWATCH_CHECK_WORKER_TIMEOUT sets the limit)"
            )
        except Exception as err:
            return self._failed(f"the early check failed in the run ({err!r})")

    def _exchange(self, request: _Request, timeout: float) -> QualityReport:
        with self._lock:
            try:
                _send(self._process.stdin, request)
            except (OSError, ValueError) as err:  # a worker that died: a broken pipe
                return self._failed(f"could not reach the check worker ({err})")
            answer: Future = Future()
            reader = threading.Thread(
                target=_receive_into, args=(self._process.stdout, answer), daemon=True
            )
            reader.start()
            try:
                status, value = answer.result(timeout=timeout)
            except FutureTimeout:
                self.close(wait=0)
                return self._failed(
                    f"the check worker gave no answer within {timeout:g} s and was stopped "
                    "(RETURNWATCH_CHECK_WORKER_TIMEOUT sets the limit)"
                )
            except Exception as err:  # EOF (it died), or an answer that does not unpickle
                self.close(wait=0)
                return self._failed(
                    f"the check worker ended without an answer "
                    f"(exit status {self._process.poll()}; {type(err).__name__}); "
                    "its error, if any, is above in this run's output"
                )
        if status == "ok":
            return value
        return self._failed(f"the checks raised in the worker: {value}")

    def stop(self) -> None:
        """End the worker at once, not waiting for it: the run's exit. It is killed (its helper
        with it, see ``_end_with_parent``) and reaped by the system once the run has ended.
        A worker leaving by itself takes 30-70 ms to hand back its memory, at the very end
        of the run; one still importing GX would read its stdin's end only seconds later."""
        process = self._process
        if process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def close(self, wait: float = 5.0) -> None:
        """End the worker: close its stdin (it leaves), then stop it if it has not."""
        process = self._process
        if process.poll() is None:
            with contextlib.suppress(OSError):
                process.stdin.close()
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def _failed(self, reason: str) -> QualityReport:
        from returnwatch.quality.report import CheckResult, QualityReport

        return QualityReport(
            [
                CheckResult(
                    suite="(all suites)",
                    expectation=WORKER_CHECK,
                    column_name="",
                    success=False,
                    observed=f"checks not run: {reason}",
                )
            ]
        )


_running: CheckWorker | None = None


def start(expectations_dir: Path) -> CheckWorker:
    """Start the run's check worker (once per process); it is ended at exit."""
    global _running
    if _running is None:
        _running = CheckWorker(expectations_dir)
        atexit.register(_running.stop)
    return _running


def running() -> CheckWorker | None:
    """The worker ``start`` started in this process, if any."""
    return _running


def _send(stream: BinaryIO, message: object) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def _receive_into(stream: BinaryIO, answer: Future) -> None:
    try:
        answer.set_result(pickle.load(stream))
    except BaseException as err:  # EOF when the worker died: told to the waiting caller
        answer.set_exception(err)


def serve(requests: BinaryIO, answers: BinaryIO, expectations_dir: Path | None = None) -> None:
    """The worker's loop: import GX, set up the first check of ``expectations_dir``'s suites
    (``prepare_checks``), then answer each request read from ``requests`` until it closes."""
    machine = CpuClock()  # what the rest of the machine uses while the run goes on
    from returnwatch.quality.gx_checks import warm_up

    warm_up()
    import returnwatch.quality.batches  # noqa: F401  the reading side too, before the fork

    prepared = _prepare(expectations_dir)  # before the fork: the helper has them too
    helper = Helper.start(prepared) if CHECK_WORKER_PARALLEL != "0" else None
    machine.helper_pid = helper.pid if helper is not None else None
    machine.restart()  # ready: the time from now on says best what the check will meet
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        try:
            answer = ("ok", _check(request, helper, machine, prepared))
        except Exception as err:
            traceback.print_exc(file=sys.stderr)
            answer = ("error", f"{type(err).__name__}: {err}")
        machine.restart()  # the next check judges the time after this one
        _send(answers, answer)


def _prepare(expectations_dir: Path | None) -> PreparedChecks | None:
    """The first check's suites and GX objects, made while the run has not yet loaded what it
    checks; None when there is no folder, or it cannot be read (the check itself then says
    what is wrong with it, as a failed check)."""
    if expectations_dir is None:
        return None
    from returnwatch.quality.gx_checks import prepare_checks

    try:
        return prepare_checks(expectations_dir)
    except Exception:
        return None


def split_suites(suites: list, parts: int = 2) -> list[list[str]]:
    """The suites' tables in ``parts`` groups of about as many expectations each (GX's work
    is ~8-10 ms per expectation at the samples' size), each group in suite order; the
    largest suites are placed first, each in the group with the fewest so far."""
    groups: list[list] = [[] for _ in range(parts)]
    sizes = [0] * parts
    for suite in sorted(suites, key=lambda suite: -len(suite.gx_suite.expectations)):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(suite)
        sizes[smallest] += len(suite.gx_suite.expectations)
    order = {suite.table: index for index, suite in enumerate(suites)}
    return [sorted((suite.table for suite in group), key=order.__getitem__) for group in groups]


def _check(
    request: _Request,
    helper: Helper | None,
    machine: CpuClock,
    prepared: PreparedChecks | None = None,
) -> QualityReport:
    """``check_warehouse`` for ``request``; with a helper, half of the suites there while this
    process runs the other half (the run waits idle meanwhile: the second core is free).
    ``prepared``: set up ahead (used when it serves the request, see ``PreparedChecks``)."""
    from returnwatch.quality.gx_checks import check_warehouse, run_checks
    from returnwatch.quality.report import QualityReport
    from returnwatch.quality.suites import load_suites

    if request.frames is not None:  # the base tables, read by the run during its load:
        return run_checks(  # checked here alone (the run's derive has the other core)
            request.frames,
            request.expectations_dir,
            run_date=request.run_date,
            tables=request.tables,
            prepared=prepared,
        )

    def check(tables: list[str] | tuple[str, ...] | None) -> QualityReport:
        return check_warehouse(
            request.warehouse,
            request.expectations_dir,
            run_id=request.run_id,
            run_date=request.run_date,
            tables=tables,
            prepared=prepared,
        )

    if helper is None or (CHECK_WORKER_PARALLEL == "auto" and not machine.core_free()):
        return check(request.tables)
    if prepared is not None and prepared.describes(request.expectations_dir):
        suites = prepared.suites_of(request.tables)
    else:
        suites = load_suites(request.expectations_dir)
        if request.tables is not None:
            suites = [suite for suite in suites if suite.table in request.tables]
    here, there = split_suites(suites)
    if not there or not helper.send((request, there)):
        return check(request.tables)
    try:
        mine = check(here)
    finally:  # its answer is read whatever happened here, so the next one is the next's
        theirs = helper.receive()
    if theirs is None:  # the helper died or failed: its suites are checked here instead
        theirs = check(there)
    order = {suite.table: index for index, suite in enumerate(suites)}
    results = sorted(mine.results + theirs.results, key=lambda result: order[result.suite])
    return QualityReport(results)


MIN_WINDOW_SECONDS = 0.25
"""The shortest time over which :class:`CpuClock` judges the rest of the machine's use;
shorter, the load average decides."""


def core_free(
    others: float | None = None, cores: int | None = None, load: float | None = None
) -> bool:
    """Whether a second process checking beside the worker would likely get a core of its
    own: while the run waits for its checks, the worker takes one core, and the rest of the
    machine (``others``: what other processes used, in cores, while this run went on) must
    leave at least half of another idle. On a saturated machine the two halves would only
    share the CPU this run already gets (the kernel shares the CPU between sessions, not
    processes), plus the helper's own ~0.1 s of reading and set-up, so the worker then
    checks alone.

    Without ``others`` (no ``/proc``, or too short a time to judge) the last minute's load
    average decides, this run's own processes included: at most ``cores - 1``. It lags: a
    run or two just before on a quiet machine keep it above 1 on two cores for a minute."""
    cores = (os.cpu_count() or 1) if cores is None else cores
    if others is not None:
        return cores - 1 - others >= 0.5
    load = os.getloadavg()[0] if load is None else load
    return load <= cores - 1


class CpuClock:
    """What the rest of the machine used of the CPU lately: the machine's busy time less this
    run's (the worker's, its helper's and its parent's, the run's), from Linux's ``/proc``
    (elsewhere nothing is known), since the last :meth:`restart` (the worker ready, or its
    last check), or since the clock was made when that is too short to judge."""

    def __init__(self) -> None:
        self.helper_pid: int | None = None
        self._first = self._since = self._sample()

    def restart(self) -> None:
        self._since = self._sample()

    def others(self) -> float | None:
        """Cores the rest of the machine used on average lately, or None."""
        now = self._sample()
        for since in (self._since, self._first):
            if since is None or now is None:
                return None
            busy, total, ours = (now[i] - since[i] for i in range(3))
            if total >= MIN_WINDOW_SECONDS * os.sysconf("SC_CLK_TCK") * now[3]:
                return max(0.0, (busy - ours) / total * now[3])
        return None

    def core_free(self) -> bool:
        return core_free(self.others())

    def _sample(self) -> tuple[int, int, int, int] | None:
        """The machine's busy and total clock ticks (every core), this run's, and the cores."""
        try:
            with open("/proc/stat") as stat:
                fields = [int(value) for value in stat.readline().split()[1:9]]
            idle = fields[3] + fields[4]  # idle, waiting for I/O
            pids = [os.getpid(), os.getppid()]
            if self.helper_pid is not None:
                pids.append(self.helper_pid)
            ours = sum(_process_ticks(pid) for pid in pids)
        except (OSError, ValueError, IndexError):
            return None
        return sum(fields) - idle, sum(fields), ours, os.cpu_count() or 1


def _process_ticks(pid: int) -> int:
    """User and system clock ticks of process ``pid`` (every thread); 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))


class Helper:
    """A copy of the worker made with ``fork`` once GX is imported (no second import), which
    runs the suites it is sent. It reads requests from a pipe only the worker writes to, so
    it leaves when the worker ends, whatever the way; it holds none of the run's pipes."""

    def __init__(self, pid: int, requests: BinaryIO, answers: BinaryIO) -> None:
        self.pid, self._requests, self._answers = pid, requests, answers

    @classmethod
    def start(cls, prepared: PreparedChecks | None = None) -> Helper | None:
        """None where there is no ``fork``, or where GX's import left a Python thread running
        (a lock it holds would stay held in the copy): the worker then checks every suite.
        ``prepared``: the helper's copy serves its first check."""
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        to_helper, from_worker = os.pipe()
        to_worker, from_helper = os.pipe()
        # GX's objects are shared with the helper page by page until written: keep the
        # garbage collector from writing to all of them (and so copying them) in both
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # the helper
            os.close(from_worker)
            os.close(to_worker)
            _helper_main(os.fdopen(to_helper, "rb"), os.fdopen(from_helper, "wb"), prepared)
        os.close(to_helper)
        os.close(from_helper)
        return cls(pid, os.fdopen(from_worker, "wb"), os.fdopen(to_worker, "rb"))

    def send(self, message: object) -> bool:
        try:
            _send(self._requests, message)
        except (OSError, ValueError):
            return False
        return True

    def receive(self) -> QualityReport | None:
        """The helper's report, or None when it died or raised (said on stderr)."""
        try:
            status, value = pickle.load(self._answers)
        except Exception:  # EOF: it died
            return None
        return value if status == "ok" else None


def _helper_main(
    requests: BinaryIO, answers: BinaryIO, prepared: PreparedChecks | None = None
) -> None:
    """The helper's loop; it never returns. The run's pipes (the worker's stdin and its
    answers, a copy of stdout) are closed here so that only the worker holds them: the run
    sees the worker's end as before."""
    from returnwatch.quality.gx_checks import check_warehouse

    status = 0
    try:
        _end_with_parent()
        for fd in (sys.stdin.fileno(), _ANSWERS_FD[0]):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        while True:
            try:
                request, tables = pickle.load(requests)
            except EOFError:
                break
            try:
                report = check_warehouse(
                    request.warehouse,
                    request.expectations_dir,
                    run_id=request.run_id,
                    run_date=request.run_date,
                    tables=tables,
                    prepared=prepared,
                )
                answer = ("ok", report)
            except Exception:
                traceback.print_exc(file=sys.stderr)
                answer = ("error", None)
            _send(answers, answer)
    except BaseException:  # Ctrl-C reaches it too, or the worker is gone: leave quietly
        status = 1
    finally:
        sys.stderr.flush()
        os._exit(status)


def _end_with_parent() -> None:
    """On Linux, be killed when the worker ends (a worker killed mid-check must not leave
    its helper checking); elsewhere the helper leaves at its pipe's end."""
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the worker ended before the line above
            os._exit(0)


_ANSWERS_FD: list[int | None] = [None]
"""The worker's private copy of stdout (its answers to the run), which a helper closes."""


def main() -> None:
    # the answers go on a private copy of stdout; anything GX prints goes to stderr
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    _ANSWERS_FD[0] = answers.fileno()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    status = 0
    expectations_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    try:
        serve(sys.stdin.buffer, answers, expectations_dir)
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the run says it
        status = 130
    except BaseException:  # e.g. GX failed to import: said on stderr, the run sees the end
        traceback.print_exc(file=sys.stderr)
        status = 1
    finally:
        with contextlib.suppress(OSError):
            answers.close()
        # the same teardown skip as the CLI (returnwatch.cli.main): ~1 s of CPU with GX loaded
        sys.stderr.flush()
        os._exit(status)


if __name__ == "__main__":
    main()

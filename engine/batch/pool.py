"""Worker processes fed one task at a time, each over its own pipe, with no thread in the parent.

concurrent.futures.ProcessPoolExecutor costs the process that hands out the tasks ~0.5 ms of
CPU per task (a management thread and a queue feeder thread, woken for every task, and their
bookkeeping); with as many workers as CPUs that time is taken from the workers. Here the parent
writes a task to an idle worker's pipe, waits on the busy workers' pipes and reads a result:
a few system calls per task. A worker holds at most one task, so the parent never blocks
writing to a worker that is itself blocked writing a result.

A worker must not outlive the parent (killed with -9 or -TERM, it runs no clean-up): each
worker closes the parent's ends of the other workers' pipes it inherited when forked (else the
parent's death is never seen as the end of a pipe), asks Linux to kill it when its parent dies
(PR_SET_PDEATHSIG) and, between tasks, stops when its parent is gone. Ctrl-C is the parent's to
handle: workers ignore SIGINT, and the parent stops them when it unwinds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import traceback
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Optional, cast

from engine.errors import WorkerError

if TYPE_CHECKING:  # multiprocessing is imported when a pool starts: a one-worker run never needs it
    from multiprocessing.connection import Connection


def _die_with_parent(parent: int) -> None:
    """Have the kernel send SIGKILL to this process when the parent exits (Linux); elsewhere the
    closed pipe and the poll in `_serve` end the worker."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _serve(connection: Connection, start: Optional[Callable], start_arguments: tuple,
           inherited: tuple = (), parent: Optional[int] = None) -> None:
    """A worker: run `start` once, then each task received until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for other in inherited:  # the parent's ends of earlier workers' pipes, copied by fork
        other.close()
    if parent is not None:
        _die_with_parent(parent)
    try:
        if start is not None:
            start(*start_arguments)
        while True:
            try:
                while not connection.poll(1.0):
                    if parent is not None and os.getppid() != parent:
                        return  # orphaned: nobody will read an answer
                task = connection.recv()
            except (EOFError, OSError):  # the parent is gone
                return
            if task is None:
                return
            function, arguments = task
            try:
                answer = (True, function(*arguments))
            except Exception:  # the parent raises it: a worker outlives a failing task
                answer = (False, traceback.format_exc())
            try:
                connection.send(answer)
            except OSError:  # the parent is gone
                return
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group; the parent reports it
        return


class Pool:
    """`jobs` worker processes of a multiprocessing context: `submit` to an idle one, `next_done` for a result."""

    def __init__(self, jobs: int, context, start: Optional[Callable] = None, start_arguments: tuple = ()):
        self.workers: dict[Connection, Any] = {}  # our end of each worker's pipe -> its process
        self.idle: list[Connection] = []
        self.busy: dict[Connection, Hashable] = {}  # -> the tag of the task it runs
        try:
            forked = context.get_start_method() == "fork"
            for _ in range(jobs):
                ours, theirs = context.Pipe()
                inherited = (ours, *self.workers) if forked else ()
                process = context.Process(target=_serve, args=(theirs, start, start_arguments, inherited, os.getpid()),
                                          daemon=True)
                process.start()
                theirs.close()  # so that a worker that dies is seen as the end of its pipe
                self.workers[ours] = process
                self.idle.append(ours)
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def submit(self, tag: Hashable, function: Callable, *arguments) -> None:
        """Run function(*arguments) in an idle worker (there must be one); `next_done` gives back (tag, value)."""
        connection = self.idle.pop()
        connection.send((function, arguments))
        self.busy[connection] = tag

    def next_done(self) -> tuple[Hashable, Any]:
        """The tag and value of a task that is done, waiting for one if none is."""
        from multiprocessing.connection import wait

        connection = cast("Connection", wait(list(self.busy))[0])  # wait() answers with what it was given
        tag = self.busy.pop(connection)
        try:
            ok, value = connection.recv()
        except (EOFError, OSError) as error:
            process = self.workers[connection]
            process.join(1)
            raise WorkerError(f"a worker process stopped unexpectedly (exit code {process.exitcode})") from error
        self.idle.append(connection)
        if not ok:
            raise WorkerError(f"a task failed in a worker process:\n{value}")
        return tag, value

    def close(self) -> None:
        """Stop the workers: idle ones when told, busy ones at once (nobody will read their answer)."""
        for connection, process in self.workers.items():
            if connection in self.busy:
                process.terminate()
            else:
                with contextlib.suppress(OSError):  # already gone
                    connection.send(None)
        for connection, process in self.workers.items():
            process.join()
            connection.close()
        self.workers, self.idle, self.busy = {}, [], {}

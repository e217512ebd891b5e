"""Where extraction runs: in this process, in a pool of local processes, or on Dask.

Each executor takes a batch of read documents and hands back a handle whose
``result()`` is, document by document, the claims or why that document's extraction
failed (so one bad document never costs the others of its batch). Ingest keeps a bounded
number of batches in flight and writes them in input order, so every executor stores the
same claims; only where the parsing happens differs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from pactwatch.errors import ExecutorUnavailable
from pactwatch.nlp.pipeline import Outcome, extract_each, nlp
from pactwatch.records import RawDocument

EXECUTORS = ("local", "dask")


class Extraction(Protocol):
    def result(self) -> list[Outcome]: ...


class Executor(Protocol):
    workers: int

    def submit(self, batch: Sequence[RawDocument]) -> Extraction: ...

    def close(self) -> None: ...


class _Done:
    def __init__(self, claims: list[Outcome]) -> None:
        self.claims = claims

    def result(self) -> list[Outcome]:
        return self.claims


def load_model() -> None:
    """Loads the pipeline in a worker before its first batch, not during it."""
    nlp()


class LocalExecutor:
    """In this process (one job), or a process pool of ``jobs`` workers."""

    def __init__(self, jobs: int = 1) -> None:
        self.workers = max(jobs, 1)
        self.pool = ProcessPoolExecutor(self.workers, initializer=load_model) \
            if self.workers > 1 else None

    def submit(self, batch: Sequence[RawDocument]) -> Extraction:
        if self.pool is None:
            return _Done(extract_each(list(batch)))
        try:
            future: Future[list[Outcome]] = self.pool.submit(extract_each, list(batch))
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the tasks it held fail, each of their
            # documents with its line; a new pool takes the rest of the run.
            self.pool.shutdown(cancel_futures=True)
            self.pool = ProcessPoolExecutor(self.workers, initializer=load_model)
            future = self.pool.submit(extract_each, list(batch))
        return future

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


class DaskExecutor:
    """Dask workers: those of the scheduler at ``scheduler``, or of a LocalCluster of
    ``jobs`` single-threaded worker processes (one per core when not given)."""

    def __init__(self, scheduler: str | None = None, jobs: int | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ExecutorUnavailable("--executor dask", f"dask is not installed: {exc}") \
                from None
        self.cluster: Any = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                self.cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1,
                                            threads_per_worker=1, processes=True,
                                            dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            self._shutdown()
            where = scheduler or "a local cluster"
            raise ExecutorUnavailable(f"--scheduler {where}",
                                      f"cannot reach the Dask scheduler: {exc}") from None
        self.client.run(load_model)
        self.workers = max(len(self.client.scheduler_info()["workers"]), 1)

    def submit(self, batch: Sequence[RawDocument]) -> Extraction:
        future: Extraction = self.client.submit(extract_each, list(batch), pure=False)
        return future

    def close(self) -> None:
        self._shutdown()

    def _shutdown(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(name: str = "local", jobs: int | None = None,
                  scheduler: str | None = None) -> Executor:
    """The executor the CLI names: ``local`` (``jobs`` processes) or ``dask``."""
    if name == "local":
        if scheduler:
            raise ExecutorUnavailable("--scheduler", "only used with --executor dask")
        return LocalExecutor(jobs or 1)
    if name == "dask":
        return DaskExecutor(scheduler, jobs)
    raise ExecutorUnavailable(f"--executor {name}", f"not one of {', '.join(EXECUTORS)}")

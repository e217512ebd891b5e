"""Every executor stores the same thing: documents, claims and agreements from one process,
from a pool of processes (`--jobs 2`) and from Dask workers (`--executor dask`)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pactwatch.cli.app import app
from pactwatch.ingest.executors import DaskExecutor, Executor, LocalExecutor
from pactwatch.ingest.run import ingest
from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev"


def _stored(db: Path, executor: Executor) -> dict[str, Any]:
    """What a run over the whole dev set leaves in the store (more than one segment, a
    syndicated pair whose copy must find its original, and documents off the topic)."""
    with Store.open(str(db)) as store:
        report = ingest(store, [str(DEV)], progress=False, executor=executor)
        assert not report.failures
        return {
            "documents": {(d["id"], d["relevant"], d["near_duplicate_of"])
                          for d in store.documents()},
            "claims": {(c.claim_id, c.predicate, str(c.value), c.origin)
                       for c in store.claims()},
            "agreements": {a["id"]: a for a in store.agreements()},
        }


@pytest.fixture(scope="module")
def in_one_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    runner = LocalExecutor(1)
    try:
        return _stored(tmp_path_factory.mktemp("one") / "pw.db", runner)
    finally:
        runner.close()


def test_two_local_workers_store_what_one_process_stores(
        in_one_process: dict[str, Any], tmp_path: Path) -> None:
    runner = LocalExecutor(2)
    try:
        assert _stored(tmp_path / "two.db", runner) == in_one_process
    finally:
        runner.close()


def test_dask_workers_store_what_one_process_stores(
        in_one_process: dict[str, Any], tmp_path: Path) -> None:
    runner = DaskExecutor(jobs=2)
    try:
        assert runner.workers == 2
        assert _stored(tmp_path / "dask.db", runner) == in_one_process
    finally:
        runner.close()
    assert in_one_process["claims"], "the dev set yields claims"
    assert any(not relevant for _, relevant, _ in in_one_process["documents"])
    assert any(copy for _, _, copy in in_one_process["documents"])


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "--db", str(tmp_path / "pw.db"), "ingest", "--executor", "dask",
        "--scheduler", "tcp://127.0.0.1:9", str(DEV / "36_kyiv_hospital_strike.txt")])
    assert result.exit_code == 1
    assert "[PW050] --scheduler tcp://127.0.0.1:9: cannot reach the Dask scheduler" \
        in result.output


def test_a_scheduler_needs_the_dask_executor(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [
        "--db", str(tmp_path / "pw.db"), "ingest", "--scheduler", "tcp://127.0.0.1:8786",
        str(DEV / "36_kyiv_hospital_strike.txt")])
    assert result.exit_code == 1
    assert "[PW050] --scheduler: only used with --executor dask" in result.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_ingest_on_an_existing_dask_cluster(in_one_process: dict[str, Any],
                                            tmp_path: Path) -> None:
    """`--scheduler ADDRESS`: a scheduler and a worker started as separate processes,
    the way an operator runs them, and `pactwatch ingest` as a third."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    bin_dir = Path(sys.executable).parent
    scheduler = subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nthreads", "1",
                               "--no-dashboard"], stderr=subprocess.DEVNULL)
    try:
        db = tmp_path / "cluster.db"
        done = subprocess.run([str(bin_dir / "pactwatch"), "--db", str(db), "ingest",
                               "--executor", "dask", "--scheduler", address, "--json",
                               str(DEV)], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)["stored"]) == len(in_one_process["documents"])
        with Store.open(str(db)) as store:
            claims = {(c.claim_id, c.predicate, str(c.value), c.origin)
                      for c in store.claims()}
        assert claims == in_one_process["claims"]
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=30)

"""--scheduler: the same batch on a Dask distributed cluster (a LocalCluster on loopback).

One in-process worker (processes=False) keeps it fast; the client still talks to the
scheduler over TCP on 127.0.0.1, so tasks and results are serialized as on a real cluster.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from pathlib import Path

import pytest

from socroi_xl.batch import recalc_many

distributed = pytest.importorskip("distributed")


def _fake():
    """test_batch.py as a module (its stand-in engine ``fake_recalc`` and ``_book``)."""
    name = "socroi_test_batch_fake"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("test_batch.py"))
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod  # importable by name: tasks pickle the function by reference
        spec.loader.exec_module(mod)
    return sys.modules[name]


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
        host="127.0.0.1", dashboard_address=None,
    ) as c:
        yield c


def test_dask_matches_local(cluster, tmp_path):
    mod = _fake()
    src = tmp_path / "in"
    src.mkdir()
    a = mod._book(src / "alpha.xlsx")
    b = mod._book(src / "beta.xlsx")
    text = src / "notes.xlsx"
    text.write_text("not a workbook")
    boom = mod._book(src / "boom.xlsx")
    books = [str(a), str(src / "missing.xlsx"), str(text), str(boom), str(b)]

    local = recalc_many(books, out_dir=tmp_path / "local", func=mod.fake_recalc)
    seen = []
    remote = recalc_many(books, out_dir=tmp_path / "dask", func=mod.fake_recalc,
                         scheduler=cluster.scheduler_address, progress=seen.append)
    assert len(seen) == len(books)

    def key(o):
        out = os.path.basename(o.output) if o.output else None
        return (o.path, o.ok, o.error, out, o.formulas, o.errors, o.warnings,
                {k: str(v) for k, v in o.headline.items()})

    # same outcomes, reasons and figures; the task worked on a copy named like the input
    assert [key(o) for o in remote] == [key(o) for o in local]
    assert [o.ok for o in remote] == [True, False, False, False, True]
    assert remote[3].error.startswith("internal error: RuntimeError")
    for o in remote:
        if o.ok:
            assert Path(o.output).parent == tmp_path / "dask"
            assert Path(o.output).read_bytes() == Path(o.path).read_bytes()


def test_dask_in_place(cluster, tmp_path):
    mod = _fake()
    a = mod._book(tmp_path / "a.xlsx")
    (o,) = recalc_many([a], in_place=True, func=mod.fake_recalc,
                       scheduler=cluster.scheduler_address)
    assert o.ok and o.output == str(a)
    assert sorted(os.listdir(tmp_path)) == ["a.xlsx"]


def test_unreachable_scheduler_is_one_line(tmp_path):
    import dask
    from click.testing import CliRunner

    from socroi_xl.cli.recalc import recalc

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    book = _fake()._book(tmp_path / "a.xlsx")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        res = CliRunner().invoke(
            recalc, [str(book), "--in-place", "--scheduler", f"tcp://127.0.0.1:{port}"]
        )
    assert res.exit_code == 1
    assert res.stderr.startswith(f"Error: scheduler tcp://127.0.0.1:{port}: ")
    assert len(res.stderr.strip().splitlines()) == 1

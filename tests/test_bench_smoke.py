"""The benchmark corpus generator stays honest: 20 generated plans, their expected metadata, and an ingest of
them that gets the number, province and year right. No timing assertions (see bench/README.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import accuracy, make_corpus  # noqa: E402
from loaders.readers import read_bytes  # noqa: E402
from loaders.textnorm import fold  # noqa: E402

N = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "corpus"
    manifest = make_corpus.make_corpus(N, out, seed=7, workers=1)
    return out, manifest


def test_files_and_expected_metadata(corpus):
    out, manifest = corpus
    expected = make_corpus.read_expected(out)
    assert manifest["n"] == N and len(expected) == N
    written = sorted(p.name for p in out.iterdir() if p.suffix in make_corpus.FORMATS)
    assert written == sorted(e["file"] for e in expected)
    assert manifest["formats"] == {".txt": 18, ".docx": 1, ".pdf": 1}  # 5% each, spread evenly
    for e in expected:
        assert set(make_corpus.FIELDS) <= set(e)
        assert e["level"] in ("tỉnh", "huyện") and (e["district"] is None) == (e["level"] == "tỉnh")
        assert 2016 <= e["plan_year"] <= 2025
        # The unit and signer named in the metadata are the ones the text states.
        text = fold("\n".join(read_bytes((out / e["file"]).read_bytes(), (out / e["file"]).suffix).lines))
        assert fold(e["province"]) in text and fold(e["signer"]) in text
        if e["district"]:
            assert f"huyen {fold(e['district'])}" in text and f"tinh {fold(e['province'])}" in text
        if e["doc_number"]:
            assert fold(e["doc_number"].split("/")[0]) in text
    # The variations the generator promises show up even in a small corpus.
    assert len({e["province"] for e in expected}) >= 8
    assert any(e["doc_number"] is None for e in expected) and any(e["doc_number"] for e in expected)
    assert len({e["seed"] for e in expected}) >= 4


def test_deterministic(corpus, tmp_path):
    out, _ = corpus
    make_corpus.make_corpus(N, tmp_path / "again", seed=7, workers=1)
    for e in make_corpus.read_expected(out):
        assert (out / e["file"]).read_bytes() == (tmp_path / "again" / e["file"]).read_bytes(), e["file"]


def test_ingest_accuracy(corpus):
    out, _ = corpus
    result = accuracy.score(out)
    assert result["ingested"] == N, result["errors"]
    for field in ("doc_number", "province", "plan_year"):
        assert result["accuracy"][field] >= 0.9, (field, result["misses"][field])


@pytest.mark.parametrize("script", ["make_corpus", "accuracy", "ingest", "queries", "pages"])
def test_scripts_have_help(script):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / f"{script}.py"), "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout

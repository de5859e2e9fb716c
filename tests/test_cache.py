"""The result cache: unchanged files are not analysed again, changed ones always are."""

from __future__ import annotations

import os
from pathlib import Path

from codemods import check
from codemods.cache import CACHE_DIR, Cache, Stamp, clean, digest, finding_from_json, finding_to_json
from tests.golden_cases import GOLDEN


def test_findings_round_trip_through_json() -> None:
    for before in sorted(GOLDEN.rglob("*.before.py"))[:40]:
        for finding in check(before.read_text(encoding="utf-8")):
            again = finding_from_json(finding_to_json(finding))
            assert again == finding and again.fix == finding.fix


def test_unchanged_file_is_a_hit_and_a_changed_one_a_miss(tmp_path: Path) -> None:
    source = next(GOLDEN.rglob("*.before.py")).read_bytes()
    path = tmp_path / "train.py"
    path.write_bytes(source)
    findings = check(source.decode("utf-8"))
    cache = Cache(tmp_path)
    cache.store(path, Stamp.of(path), digest(source), "all", findings)
    cache.save()
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"

    reloaded = Cache(tmp_path)
    assert reloaded.lookup(path, Stamp.of(path), "all") == findings
    assert reloaded.lookup(path, Stamp.of(path), "GF001") is None  # other rules

    os.utime(path, ns=(1, 1))  # touched, same content: still a hit, by its hash
    assert reloaded.lookup(path, Stamp.of(path), "all") == findings
    path.write_bytes(source.replace(b"tf.", b"tf .", 1))
    assert reloaded.lookup(path, Stamp.of(path), "all") is None


def test_a_corrupt_cache_is_ignored_and_clean_removes_it(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.folder.mkdir()
    cache.file.write_text("{not json", encoding="utf-8")
    path = tmp_path / "a.py"
    path.write_text("x = 1\n", encoding="utf-8")
    assert Cache(tmp_path).lookup(path, Stamp.of(path), "all") is None
    assert clean(tmp_path) and not (tmp_path / CACHE_DIR).exists()
    assert not clean(tmp_path)


def test_saving_drops_the_caches_of_other_builds(tmp_path: Path) -> None:
    (tmp_path / CACHE_DIR).mkdir()
    old = tmp_path / CACHE_DIR / "0123456789abcdef.json"
    old.write_text("{}", encoding="utf-8")
    path = tmp_path / "a.py"
    path.write_text("x = 1\n", encoding="utf-8")
    cache = Cache(tmp_path)
    cache.store(path, Stamp.of(path), digest(path.read_bytes()), "all", [])
    cache.save()
    assert sorted(p.name for p in (tmp_path / CACHE_DIR).glob("*.json")) == [cache.file.name]

"""Configuration files: found like Ruff's, validated strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods import config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nearest_pyproject_with_a_gradfix_table_wins(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.gradfix]\nselect = ['GF001']\n")
    write(tmp_path / "pkg" / "pyproject.toml", "[project]\nname = 'x'\n")  # no table: passed over
    found = config.find(tmp_path / "pkg")
    assert found == (tmp_path / "pyproject.toml").resolve()
    assert config.load(found).select == ("GF001",)


def test_gradfix_toml_comes_before_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.gradfix]\nselect = ['GF001']\n")
    write(tmp_path / "gradfix.toml", "ignore = ['GF002']\nunsafe-fixes = true\noutput-format = 'sarif'\n")
    settings = config.load(config.find(tmp_path))
    assert settings.select is None and settings.ignore == ("GF002",)
    assert settings.unsafe_fixes is True and settings.output_format == "sarif"


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert config.load(None) == config.Settings(root=config.Settings().root)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[tool.gradfix]\nselct = ['GF001']\n", "unknown key `selct`"),
        ("[tool.gradfix]\nselect = ['GF999']\n", "unknown rule code GF999"),
        ("[tool.gradfix]\nignore = 'XY1'\n", "unknown rule code XY1"),
        ("[tool.gradfix]\nunsafe-fixes = 'yes'\n", "unsafe-fixes must be true or false"),
        ("[tool.gradfix]\noutput-format = 'xml'\n", "output-format must be one of"),
        ("[tool.gradfix]\nper-file-ignores = {'tests/*' = ['ZZ9']}\n", "unknown rule code ZZ9"),
        ("[tool.gradfix\n", "invalid TOML"),
    ],
)
def test_mistakes_are_errors_naming_the_file(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path / "pyproject.toml", text)
    with pytest.raises(config.ConfigError) as error:
        config.load(config.find(tmp_path) or path)
    assert str(error.value).startswith(str(path)) and fragment in str(error.value)


def test_per_file_ignores_and_excludes_match_relative_to_the_file(tmp_path: Path) -> None:
    write(
        tmp_path / "gradfix.toml",
        "extend-exclude = ['legacy/']\nper-file-ignores = {'tests/**' = ['GF008', 'GF01']}\n",
    )
    settings = config.load(tmp_path / "gradfix.toml")
    assert settings.ignored_codes_for(tmp_path / "tests" / "unit" / "test_step.py") == ("GF008", "GF01")
    assert settings.ignored_codes_for(tmp_path / "train.py") == ()
    assert settings.excluded(tmp_path / "legacy", is_dir=True)
    assert not settings.excluded(tmp_path / "train.py", is_dir=False)

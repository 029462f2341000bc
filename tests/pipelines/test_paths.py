import os

import pytest

from pipelines.paths import UnsafePathError, resolve_data_path


@pytest.mark.parametrize(
    "bad,why",
    [
        ("../etc/passwd", "'..'"),
        ("a/../../x", "'..'"),
        ("/etc/passwd", "absolute"),
        ("C:\\\\x", "absolute"),
        ("", "required"),
        ("a\x00b", "NUL"),
    ],
)
def test_refuses_escapes(tmp_path, bad, why):
    with pytest.raises(UnsafePathError, match=why):
        resolve_data_path(bad, root=tmp_path)


def test_refuses_symlink_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "link")
    with pytest.raises(UnsafePathError, match="outside the data root"):
        resolve_data_path("link/file.csv", root=root)


def test_accepts_inside(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "f.csv").write_text("a\n1\n")
    assert resolve_data_path("sub/f.csv", root=tmp_path, must_exist=True) == (tmp_path / "sub" / "f.csv").resolve()
    with pytest.raises(UnsafePathError, match="does not exist"):
        resolve_data_path("sub/missing.csv", root=tmp_path, must_exist=True)

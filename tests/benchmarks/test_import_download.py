"""download_official_data: the source list and argument handling (never the network)."""

import urllib.request

import pytest
from django.core.management import CommandError, call_command

from benchmarks.importers.directory import recognise
from benchmarks.importers.sources import SOURCES


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the test tried to use the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_list_names_every_publisher_page_and_direct_links(no_network, capsys):
    call_command("download_official_data", "--list")
    out = capsys.readouterr().out
    for source in SOURCES:
        assert source.page in out
        if source.url:
            assert source.url.startswith("https://") and source.url in out
    assert "ons.gov.uk" in out and "mysociety" in out


def test_direct_links_save_files_the_directory_import_recognises(no_network):
    from pathlib import Path

    for source in SOURCES:
        if source.url:
            assert recognise(Path(source.folder) / source.file_name) is not None


def test_dry_run_says_where_files_would_go_without_fetching(no_network, tmp_path, capsys):
    call_command("download_official_data", "--dest", str(tmp_path), "--only", "authorities", "performance", "--dry-run")
    out = capsys.readouterr().out
    assert "would download https://raw.githubusercontent.com" in out
    assert str(tmp_path / "authorities" / "uk_local_authorities.csv") in out
    assert "no stable download link" in out and "oflog.data.gov.uk" in out
    assert list(tmp_path.iterdir()) == []


def test_unknown_source_is_refused(no_network):
    with pytest.raises(CommandError, match="Unknown source nonsense"):
        call_command("download_official_data", "--only", "nonsense", "--dry-run")


def test_destination_that_is_a_file_is_refused(no_network, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        call_command("download_official_data", "--dest", str(target), "--dry-run")

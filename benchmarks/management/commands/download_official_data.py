import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.importers.base import MAX_FILE_BYTES
from benchmarks.importers.sources import SOURCES, SOURCES_BY_KEY


class Command(BaseCommand):
    help = (
        "Download the official files from their publishers into DEST (default settings.DATA_DIR), for users with "
        "internet access. Files without a stable link are listed with the page to download them from."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dest", help="Directory to save into (default: settings.DATA_DIR)")
        parser.add_argument("--only", nargs="+", metavar="KEY", help=f"Some of: {', '.join(SOURCES_BY_KEY)}")
        parser.add_argument("--list", action="store_true", help="List the sources and exit")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be downloaded; fetch nothing")
        parser.add_argument("--timeout", type=int, default=60)

    def handle(self, *args, **options):
        keys = options["only"] or list(SOURCES_BY_KEY)
        unknown = [k for k in keys if k not in SOURCES_BY_KEY]
        if unknown:
            raise CommandError(f"Unknown source {', '.join(unknown)}. Choose from: {', '.join(SOURCES_BY_KEY)}.")
        sources = [s for s in SOURCES if s.key in keys]
        if options["list"]:
            for s in sources:
                self.stdout.write(f"{s.key}: {s.file_name} — {s.publisher}\n  page: {s.page}\n  file: {s.url or '-'}")
            return
        dest = Path(options["dest"] or settings.DATA_DIR)
        if dest.exists() and not dest.is_dir():
            raise CommandError(f"{dest} is a file, not a directory.")
        for s in sources:
            target = dest / s.folder / s.file_name
            if not s.url:
                self.stdout.write(
                    f"{s.key}: no stable download link; get the files from {s.page} into {dest / s.folder}"
                )
                continue
            if options["dry_run"]:
                self.stdout.write(f"{s.key}: would download {s.url} to {target}")
                continue
            self._download(s.url, target, options["timeout"])

    def _download(self, url: str, target: Path, timeout: int) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:  # noqa: S310
                size = 0
                while chunk := response.read(1 << 16):
                    size += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise CommandError(f"{url}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB; stopped.")
                    out.write(chunk)
        except CommandError:
            partial.unlink(missing_ok=True)
            raise
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{url}: download failed ({exc}).")
        partial.replace(target)
        self.stdout.write(self.style.SUCCESS(f"saved {target} ({size} bytes)"))

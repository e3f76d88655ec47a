"""The static files' storage in production."""

from functools import lru_cache

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, each file's URL looked up once per process: the
    manifest is read when the process starts and stays as it is, and every page's head names
    the same four files (0.06 ms each through the manifest and urljoin)."""

    @lru_cache(maxsize=1024)  # noqa: B019 - one storage per process, kept for its life
    def url(self, name: str | None, force: bool = False) -> str:
        return super().url(name, force)

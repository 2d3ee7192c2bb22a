"""Which static files the platform ships, and how production stores them.

Bootstrap, its icons, htmx and Chart.js come from npm (package-lock.json) and are served by us, no
CDN. Their packages hold many builds (ESM, RTL, unminified, source maps); only the files the
templates load are found and collected, so `collectstatic` hashes and compresses what is used."""

from django.conf import settings
from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig
from django.contrib.staticfiles.finders import BaseFinder, _check_deprecated_find_param
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join
from whitenoise.storage import CompressedManifestStaticFilesStorage

# URL prefix under /static/ → (folder inside node_modules, the files pages load from it).
VENDOR_FILES = {
    "vendor/bootstrap": ("bootstrap/dist", ["css/bootstrap.min.css", "js/bootstrap.bundle.min.js"]),
    "vendor/bootstrap-icons": (
        "bootstrap-icons/font",
        ["bootstrap-icons.min.css", "fonts/bootstrap-icons.woff2", "fonts/bootstrap-icons.woff"],
    ),
    "vendor/htmx": ("htmx.org/dist", ["htmx.min.js"]),
    "vendor/chart.js": ("chart.js/dist", ["chart.umd.min.js"]),
}


class VendorFinder(BaseFinder):
    """Finds the listed files of the npm packages, under their /static/vendor/… names."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages = {}
        for prefix, (folder, files) in VENDOR_FILES.items():
            storage = FileSystemStorage(location=settings.NODE_MODULES / folder)
            storage.prefix = prefix
            self.storages[prefix] = (storage, files)

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = _check_deprecated_find_param(find_all=find_all, **kwargs)
        matches = []
        for prefix, (storage, files) in self.storages.items():
            if path.startswith(prefix + "/") and path[len(prefix) + 1 :] in files:
                found = safe_join(storage.location, path[len(prefix) + 1 :])
                if not find_all:
                    return found
                matches.append(found)
        return matches

    def list(self, ignore_patterns):
        for storage, files in self.storages.values():
            for name in files:
                yield name, storage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names and gzip/Brotli copies (WhiteNoise). The vendors' source maps are not shipped, so
    the comments that name them are left as they are instead of failing the build."""

    patterns = tuple(
        (extension, tuple(pattern for pattern in rules if "sourceMappingURL" not in str(pattern)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )


class StaticFilesConfig(BaseStaticFilesConfig):
    """django.contrib.staticfiles, leaving out of `collectstatic` what no page loads: source maps,
    the ReDoc bundle (the API docs page is Swagger UI) and django-htmx's own copies of htmx."""

    ignore_patterns = [
        *BaseStaticFilesConfig.ignore_patterns,
        "*.map",
        "drf_spectacular_sidecar/redoc",
        "django_htmx",
    ]

"""Reference datasets: open a path / URL / stdin, detect and parse the format, map fields, import."""

from workbench.references.formats import FORMATS
from workbench.references.importer import ImportProgress, ImportResult, default_name, import_dataset

__all__ = ["FORMATS", "ImportProgress", "ImportResult", "default_name", "import_dataset"]

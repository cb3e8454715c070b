"""Where the bundled dataset and its schema are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve()
_PACKAGE_DATA = _HERE.parent / "data"
_CHECKOUT_DATA = _HERE.parents[2] / "data"

DATASET_NAME = "contracts.toml"
SCHEMA_NAME = "contracts.schema.json"
DATASETTE_METADATA_NAME = "datasette-metadata.json"


def data_dir() -> Path:
    """The folder holding the bundled files: inside the installed package, else the checkout's ``data/``."""
    if (_PACKAGE_DATA / DATASET_NAME).is_file():
        return _PACKAGE_DATA
    return _CHECKOUT_DATA


def bundled_dataset_path() -> Path:
    return data_dir() / DATASET_NAME


def schema_path() -> Path:
    return data_dir() / SCHEMA_NAME


def datasette_metadata_path() -> Path:
    return data_dir() / DATASETTE_METADATA_NAME

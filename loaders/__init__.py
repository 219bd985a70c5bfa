"""Read Vietnamese gender-equality plans, extract comparable rows, write DuckDB."""

from loaders.errors import LoaderError

__all__ = ["LoaderError"]

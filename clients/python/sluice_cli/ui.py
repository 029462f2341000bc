"""What every command shares: the consoles (results on standard output, progress and errors on standard
error), the connection to the server, tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sluice_cli import config
from sluice_cli.api import Api

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def connect() -> Api:
    return Api(config.load())


def table(title: str, columns: list[str], rows: list[list]) -> Table:
    result = Table(title=title, title_justify="left")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*("" if cell is None else str(cell) for cell in row))
    return result

"""The ``geoevents`` command line: a thin skin over the library.

Each command lives in its own module and is imported only when it runs, so
``geoevents --help`` answers without loading geopandas, folium or the
gazetteer. Every user mistake becomes one clear line and a non-zero exit code
(see :func:`run_safely`), never a traceback.
"""

from __future__ import annotations

import functools
import importlib
import sys

import click

__all__ = ["main", "run_safely", "COMMANDS"]

#: command name -> ("module", "attribute", "one-line help")
COMMANDS: dict[str, tuple[str, str, str]] = {
    "extract": ("geoevents.cli.extract", "extract", "Extract incidents from articles."),
    "map": ("geoevents.cli.map", "map_", "Draw incidents (or articles) on an HTML or PNG map."),
    "geocode": ("geoevents.cli.gazetteer", "geocode", "Look a place name up in the offline gazetteer."),
    "geoparse": ("geoevents.cli.gazetteer", "geoparse", "Find and resolve place names in documents."),
    "gazetteer": ("geoevents.cli.gazetteer", "gazetteer", "Inspect, build or extend the gazetteer."),
    "evaluate": ("geoevents.cli.evaluate", "evaluate", "Score geoparsing or extraction on a corpus."),
    "export": ("geoevents.cli.store", "export", "Convert or export incidents between formats."),
    "show": ("geoevents.cli.store", "show", "Show one incident of a store and why it merged."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr, _help = COMMANDS[name]
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name == module:  # a room not built yet
                return _unavailable(name, _help)
            raise
        return getattr(mod, attr)

    def format_commands(self, ctx, formatter):
        # list commands from the table, without importing them
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str, help_: str) -> click.Command:
    @click.command(name=name, help=help_ + " (not available in this build)")
    def cmd():
        raise click.ClickException(f"'{name}' is not available in this build of geoevents")

    return cmd


def run_safely(func):
    """Turn geoevents errors and common OS errors into one-line CLI errors."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from ..exc import GeoeventsError

        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise
        except GeoeventsError as err:
            raise click.ClickException(f"{err.code}: {err}") from err
        except (FileNotFoundError, IsADirectoryError, PermissionError) as err:
            raise click.ClickException(f"{err.strerror}: {err.filename}") from err
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as err:
            import os

            if os.environ.get("GEOEVENTS_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error ({type(err).__name__}: {err}); set GEOEVENTS_DEBUG=1 for the traceback and please report it"
            ) from err

    return wrapper


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geoevents")
def main():
    """geoevents: turn conflict news into incident data and maps, offline.

    \b
    Examples:
      geoevents extract report.txt --published 2024-12-03
      geoevents map reports/*.txt -o map.html
      geoevents geocode Aleppo
    """


if __name__ == "__main__":  # pragma: no cover
    main()

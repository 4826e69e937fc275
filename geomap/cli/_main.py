"""The click group every geomap command hangs from."""

from __future__ import annotations

import atexit
import gc

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geomap")
def main() -> None:
    """geomap: turn news reports into maps of events, offline.

    \b
    Example:
        geomap build articles/ -o site/
    """
    # A command ends the process: its last full collection would only walk the gazetteer's caches
    # (about a second after a few thousand articles), with no cycle left that needs collecting.
    atexit.register(gc.freeze)

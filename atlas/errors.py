"""The errors a build stops on: a source file a reader cannot use, and anything else the build refuses.

Its own module so the readers need not import the fetching code (which reads a Eurostat stamp
with a reader: importing each other was a circle)."""
from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source file that cannot be used. Says which file, where in it, and what was wrong."""

    def __init__(self, file: str | Path, where: str, problem: str):
        self.file, self.where, self.problem = str(file), where, problem
        super().__init__(f"{file}: {where}: {problem}" if where else f"{file}: {problem}")


class BuildError(Exception):
    """A build that cannot go on (a catalogue problem, a duplicate, a value that should be there)."""

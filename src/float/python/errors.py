"""Errors the worker reports back: a user's mistake (exit 2 on the TypeScript side) vs a bug."""


class WorkerUserError(Exception):
    """A problem the user caused: bad weights file, bad option, missing CUDA."""

"""The `herald` command line: one subcommand a module, errors as one clear line."""

from __future__ import annotations

import argparse
import sys

from generator import __version__
from generator.terminal import one_line


class CLIError(Exception):
    """A user-fixable problem: printed as one line, exit code 2 unless given."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="herald",
        description="Derive and publish X threads and LinkedIn posts from a Herald knowledge site.",
    )
    parser.add_argument("--version", action="version", version=f"herald {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from generator import approval, check, init, newpost, preview, sitebuild
    from generator.publish import cli as publish_cli

    init.register(sub)
    newpost.register(sub)
    check.register(sub)
    approval.register(sub)
    preview.register(sub)
    sitebuild.register(sub)
    publish_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CLIError as exc:
        print(f"herald: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.code
    except OSError as exc:
        # A file that cannot be read or written (permissions, a full disk): name it, no traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"herald: error: {one_line(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("herald: interrupted", file=sys.stderr)
        return 130

"""Click, in Thai and English: help headings, the help and version options, usage errors.

Staff read Thai; click's own words ("Usage:", "Options:", "Missing argument 'PATH'.") are
English only. The group and command classes here give every command bilingual headings
and turn click's usage errors into the same Thai / English block as every other itadocs
message (exit code 2, as click uses for usage errors).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

HEADINGS = {
    "Options": "ตัวเลือก / Options",
    "Commands": "คำสั่ง / Commands",
    "Arguments": "อาร์กิวเมนต์ / Arguments",
}
HELP_OPTION = "แสดงวิธีใช้นี้ / Show this message and exit."


class BilingualFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="วิธีใช้ / Usage: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class BilingualContext(click.Context):
    formatter_class = BilingualFormatter


def _bilingual_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_OPTION
    return option


class BilingualCommand(click.Command):
    context_class = BilingualContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _bilingual_help_option(super().get_help_option(ctx))


class BilingualGroup(click.Group):
    """The ``itadocs`` group: its commands and sub-groups speak Thai and English too."""

    context_class = BilingualContext
    command_class = BilingualCommand
    group_class = type  # sub-groups are BilingualGroups

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _bilingual_help_option(super().get_help_option(ctx))

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # a group named alone: its help
            click.echo(exc.format_message(), err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            as_json = self._usage_json(args, exc)
            if as_json is not None:  # a --json command's standard output stays one object
                click.echo(as_json)
            click.echo(usage_error(exc), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"ข้อผิดพลาด / ERROR\n  {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("ยกเลิก / Aborted.", err=True)
            sys.exit(1)
        except OSError as exc:  # a closed pipe is click's (exit 1); a full disk is here
            fd = _standard_stream_of(exc)
            if fd is None:
                raise
            _discard(fd)
            if fd == 1:
                with contextlib.suppress(OSError):
                    click.echo(output_error(exc), err=True)
            sys.exit(2)
        sys.exit(code or 0)


    def _usage_json(self, args: Any, exc: click.UsageError) -> str | None:
        """The failure JSON of a usage error of a command typed with ``--json`` (what it
        was about left empty: the command line did not say it), else None."""
        from itadocs.exceptions import UsageError, failure_json

        argv = [str(a) for a in (sys.argv[1:] if args is None else args)]
        argv = argv[:argv.index("--")] if "--" in argv else argv
        subject = JSON_SUBJECTS.get(argv[0] if argv else "")
        if subject is None or "--json" not in argv:
            return None
        message = exc.format_message()
        return failure_json(UsageError(thai_usage(message), message),
                            **dict.fromkeys(subject, ""))


# the commands with --json, and what their failure JSON says it was about
JSON_SUBJECTS = {"check": ("file",), "diff": ("old", "new"), "build": ("targets",),
                 "progress": ("targets",)}


def _standard_stream_of(exc: OSError) -> int | None:
    """1 or 2 when ``exc`` was raised writing standard output or error (every line a
    command prints goes through click.echo), else None."""
    import traceback  # only when output failed: not on every start

    for frame, _ in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_name == "echo" and frame.f_globals.get("__name__") == "click.utils":
            with contextlib.suppress(Exception):
                fd = frame.f_locals["file"].fileno()
                if fd in (1, 2):
                    return int(fd)
    return None


def _discard(fd: int) -> None:
    """What is still buffered for ``fd`` goes nowhere, so Python's flush at exit does not
    fail again ("Exception ignored ...")."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def output_error(exc: OSError) -> str:
    """Standard output could not be written (a full disk under ``> report.txt``)."""
    why = exc.strerror or type(exc).__name__
    return (f"ข้อผิดพลาด / ERROR\n  เขียนผลทางเอาต์พุตมาตรฐานไม่ได้ ({why}) สิ่งที่เขียนไปแล้วอาจไม่ครบ\n"
            f"  cannot write to standard output ({why}): what was written may be incomplete")


class NamedPath(click.Path):
    """A file or folder the command writes or reads by name: an empty name (a shell variable
    left unset) is a usage error, not the current folder click would make of it."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value == "":
            self.fail("an empty name; name a file or folder", param, ctx)
        return super().convert(value, param, ctx)


class WorkbookName(NamedPath):
    """A workbook the command writes: its name ends in .xlsx, or Excel would not open it
    (``new x6`` wrote a file named x6)."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        if Path(path).suffix.lower() != ".xlsx":
            self.fail(f"'{Path(path).name}' does not end in .xlsx", param, ctx)
        return path


# English message pattern -> Thai, for click's usage errors (the English stays below it).
_THAI = (
    (r"Missing argument '([^']+)'", "ยังไม่ได้ระบุ {0}"),
    (r"Missing option '([^']+)'", "ยังไม่ได้ระบุตัวเลือก {0}"),
    (r"No such option:? '?([^'\s]+?)'?(?:\.|$)", "ไม่มีตัวเลือก {0}"),
    (r"No such command '([^']+)'", "ไม่มีคำสั่ง '{0}'"),
    (r"Got unexpected extra arguments? \((.*)\)", "มีอาร์กิวเมนต์เกินมา: {0}"),
    (r"Option '([^']+)' requires an argument", "ตัวเลือก {0} ต้องมีค่าตามหลัง"),
    (r"Option '([^']+)' does not take a value", "ตัวเลือก {0} ไม่รับค่า"),
    (r"'([^']*)' is not a valid integer", "'{0}' ไม่ใช่จำนวนเต็ม"),
    (r"'?([^'\s]*)'? is not in the range (.*?)\.?$", "{0} ไม่อยู่ในช่วง {1}"),
    (r"('[^']*') is not one of (.*?)\.?$", "{0} ไม่ใช่ค่าที่เลือกได้ ({1})"),
    (r"File '([^']*)' does not exist", "ไม่พบไฟล์ '{0}'"),
    (r"Path '([^']*)' does not exist", "ไม่พบ '{0}'"),
    (r"(?:File|Directory|Path) '([^']*)' is a directory", "'{0}' เป็นโฟลเดอร์ ต้องเป็นไฟล์"),
    (r"(?:File|Directory|Path) '([^']*)' is a file", "'{0}' เป็นไฟล์ ต้องเป็นโฟลเดอร์"),
    (r"Missing command", "ยังไม่ได้ระบุคำสั่ง"),
    (r"an empty name", "ชื่อว่างเปล่า ต้องระบุชื่อไฟล์หรือโฟลเดอร์"),
    (r"'([^']*)' does not end in \.xlsx", "ชื่อไฟล์ '{0}' ต้องลงท้ายด้วย .xlsx"),
)


def thai_usage(message: str) -> str:
    """The Thai reading of one of click's usage messages (a general one if unknown)."""
    for pattern, thai in _THAI:
        m = re.search(pattern, message)
        if m:
            text = thai.format(*m.groups())
            where = re.match(r"Invalid value for (.+?): ", message)
            return f"ค่าของ {where[1]} ไม่ถูกต้อง: {text}" if where else text
    if message.startswith("Invalid value for"):
        where = re.match(r"Invalid value for (.+?): ", message)
        return f"ค่าของ {where[1] if where else 'ตัวเลือก'} ไม่ถูกต้อง"
    return "สั่งงานไม่ถูกต้อง"


def usage_error(exc: click.UsageError) -> str:
    """Usage line, then the Thai and the English message, then where to read more."""
    ctx = exc.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
    message = exc.format_message()
    lines.append(f"ข้อผิดพลาด / ERROR\n  {thai_usage(message)}\n  {message}")
    command = ctx.command_path if ctx is not None else "itadocs"
    lines.append(f"ดูวิธีใช้ด้วย / see: {command} --help")
    return "\n".join(lines)

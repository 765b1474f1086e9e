"""Render an edited template within bounds: time, output size, and the size of what a
single expression may build.

A district edits its templates in Word, and a slip (a loop inside a loop over
``range(99999)``, ``"x" * 10**9``, a macro calling itself) must end in a message naming the
template and its line, never in a build that hangs or eats the machine's memory. Jinja's
sandbox already refuses Python internals and ranges over 100,000 items; this adds:

- a deadline (``RENDER_SECONDS``) on the whole rendering of a template, also for loops
  that print nothing;
- a bound on the text a template produces (``MAX_OUTPUT_CHARS``, far above any document);
- bounds on ``*``, ``**``, ``+`` and on the width arguments of a few filters, checked
  before Python allocates the result.
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

RENDER_SECONDS = 60.0  # a real template renders in well under a second
MAX_OUTPUT_CHARS = 50_000_000  # the XML of a 1,000-page document is a few MB
MAX_EXPONENT = 256
_WIDTH = re.compile(r"%[-+ #0]*(\d+)|\{[^{}]*:[^{}]*?(\d+)[^{}]*\}")


class RenderLimit(Exception):
    """A template went past a bound; ``kind`` says which (time, size, arithmetic)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.lineno: int | None = None  # the template's line, when the traceback lacks it


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


class BoundedTemplate(Template):
    """A template whose output is counted as it is produced."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        ctx = self.new_context(dict(*args, **kwargs))
        try:
            return self.environment.concat(_counted(self, self.root_render_func(ctx)))
        except Exception:
            self.environment.handle_exception()


def _counted(template: Template, chunks: Any) -> Iterator[str]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            limit = RenderLimit("size", f"more than {MAX_OUTPUT_CHARS:,} characters of output")
            frame = getattr(chunks, "gi_frame", None)
            if frame is not None:  # where the template was when it went past the bound
                limit.lineno = template.get_corresponding_lineno(frame.f_lineno)
            raise limit
        yield chunk


UNSAFE_FILTERS = ("safe", "urlize", "xmlattr")
UNSAFE_GLOBALS = ("lipsum",)


def _refused(what: str) -> Callable[..., Any]:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise SecurityError(f"{what} is not allowed in a template: it would let the "
                            "workbook's text become Word markup")

    return refuse


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with bounded output and arithmetic, remembering each source it
    compiles so that an error can quote the line."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources: list[str] = []
        for name in ("center", "indent", "format", "wordwrap", "truncate"):
            if name in self.filters:
                self.filters[name] = _bounded_filter(self.filters[name])
        # What would let a workbook cell's text become Word markup (|safe turns escaping
        # off; urlize, xmlattr and lipsum() make markup of their own): refused by name.
        for name in UNSAFE_FILTERS:
            self.filters[name] = _refused(f"the filter |{name}")
        for name in UNSAFE_GLOBALS:
            self.globals[name] = _refused(f"{name}()")

    def from_string(self, source: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(source, str):
            self.sources.append(source)
        return super().from_string(source, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                size = _size(seq)
                if size is not None and isinstance(times, int) and size * times > \
                        MAX_OUTPUT_CHARS:
                    raise RenderLimit("arithmetic", f"a repetition of {size * times:,} items")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT and \
                    isinstance(left, int | float) and abs(left) > 1:
                raise RenderLimit("arithmetic", f"a power of {right}")
        elif operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None and a + b > MAX_OUTPUT_CHARS:
                raise RenderLimit("arithmetic", f"a text of {a + b:,} characters")
        elif operator == "%" and isinstance(left, str):
            _check_widths(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        """``"{:>999999999}".format(1)`` is refused before the text is built."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and isinstance(getattr(value, "__self__", None), str):
            _check_widths(value.__self__)
        return wrapped


def _check_widths(text: str) -> None:
    for m in _WIDTH.finditer(text):
        width = int(m[1] or m[2] or 0)
        if width > MAX_OUTPUT_CHARS // 10:
            raise RenderLimit("arithmetic", f"a field {width:,} characters wide")


def _bounded_filter(fn: Any) -> Any:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and abs(value) > MAX_OUTPUT_CHARS // 10:
                raise RenderLimit("arithmetic", f"a width of {value:,}")
            if isinstance(value, str):
                _check_widths(value)
        return fn(*args, **kwargs)

    for attr in ("jinja_pass_arg", "__name__", "__doc__"):
        if hasattr(fn, attr):
            setattr(bounded, attr, getattr(fn, attr))
    return bounded


# --------------------------------------------------------------------------- time


@contextlib.contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """Raise ``RenderLimit("time")`` inside the block once ``seconds`` have passed.

    In the main thread of a POSIX process (the CLI, a build's workers) a timer signal
    interrupts even a loop that prints nothing; elsewhere a trace function checks the time
    as the template's code runs.
    """
    seconds = RENDER_SECONDS if seconds is None else seconds
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        def expired(_signum: int, _frame: Any) -> None:
            raise RenderLimit("time", f"longer than {seconds:g} s")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    end = time.monotonic() + seconds
    count = 0

    def tracer(_frame: Any, event: str, _arg: Any) -> Any:
        nonlocal count
        count += 1
        if count % 1000 == 0 and time.monotonic() > end:
            raise RenderLimit("time", f"longer than {seconds:g} s")
        return tracer

    previous_trace = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous_trace)


# --------------------------------------------------------------------------- where


def template_line(exc: BaseException) -> int | None:
    """The line of the template source where ``exc`` was raised (Jinja rewrites the
    traceback so that template code shows its own line numbers)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def line_text(env: Any, line: int | None) -> str:
    """The text of that line of the last source compiled (tags stripped)."""
    sources = getattr(env, "sources", None)
    if not sources or not line:
        return ""
    lines = sources[-1].splitlines()
    if not 0 < line <= len(lines):
        return ""
    return " ".join(re.sub(r"<[^>]+>", "", lines[line - 1]).split())[:120]

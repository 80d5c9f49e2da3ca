"""Rendering supervisors' templates safely: a Jinja2 sandbox, strict variables, errors with line numbers.

Templates run in an :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with ``StrictUndefined``: a
template cannot reach Python internals (``__class__``, ``__globals__``, ``mro`` ... raise), cannot change
the values it is given, cannot build huge strings or numbers (``'x' * 10**9``), and a missing value is an
error rather than an empty gap.  Every problem comes out as :class:`~.errors.TemplateProblem` with the part
(subject, text, HTML) and line.  Compiled templates are cached per source text.

Filters (by the template's locale unless named for one):

* ``cny`` — ``50,000.00元`` / ``CNY 50,000.00``;
* ``date`` — ``2026年3月5日`` / ``5 March 2026``; ``datetime`` — with ``14:30``; ``time`` — ``14:30``;
  ``weekday`` — ``星期四`` / ``Thursday``; the explicit ``cn_date``, ``en_date``, ``cn_datetime``,
  ``en_datetime``;
* ``tail(n=4)`` — the last ``n`` characters (card and account numbers).

Times are shown in the bank's time zone (Asia/Shanghai by default) whatever the value's zone.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import TemplateProblem
from .sms_parts import SegmentInfo, count_segments
from .variables import coerce

MAX_SOURCE = {"subject": 200, "text": 16_000, "html": 32_000}
MAX_OUTPUT = 64_000
MAX_SMS_SEGMENTS = 10
MAX_RANGE = 1000
MAX_POWER = 64
CACHE_SIZE = 512
_TEMPLATE_FILE = "<template>"
_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class TemplateSource:
    """What is rendered: one version of a template, or the text in the editor."""

    channel: str  # sms | email
    locale: str  # zh_CN | en
    body_text: str
    subject: str | None = None
    body_html: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Any) -> TemplateSource:
        """From a ``message_template`` row (or anything with the same attributes)."""
        return cls(row.channel, row.locale, row.body_text, row.subject, row.body_html, dict(row.variables or {}))

    @cached_property
    def key(self) -> tuple[Any, ...]:
        """Identity of the template text and declarations (for caches)."""
        return (
            self.channel,
            self.locale,
            self.body_text,
            self.subject,
            self.body_html,
            tuple(sorted(self.variables.items())),
        )

    def parts(self) -> list[tuple[str, str]]:
        """(part, source) of every part present: the subject and HTML only for e-mail."""
        out = [("text", self.body_text or "")]
        if self.channel == "email":
            out.insert(0, ("subject", self.subject or ""))
            if self.body_html:
                out.append(("html", self.body_html))
        return out


@dataclass(frozen=True)
class Rendered:
    """A rendered message; ``segments`` for SMS only."""

    text: str
    subject: str | None = None
    html: str | None = None
    segments: SegmentInfo | None = None


class _Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, also refusing operators that would build enormous values."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError("exponent too large")
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_OUTPUT:
                    raise SecurityError("result too large")
        result = _BINOPS[op](left, right)
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_OUTPUT:
            raise SecurityError("result too large")
        return result


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": operator.mul, "**": operator.pow, "+": operator.add}


def _limited_range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise SecurityError(f"range is limited to {MAX_RANGE} items")
    return values


class Renderer:
    """Checks and renders templates; one per process is enough (thread-safe, caches compiled templates).

    Args:
        tz: the bank's time zone, for dates and times in messages.
    """

    def __init__(self, tz: str = "Asia/Shanghai") -> None:
        self.tz = ZoneInfo(tz)
        self._envs: dict[tuple[bool, bool], _Sandbox] = {}
        self._cache: dict[tuple[bool, bool, str], Any] = {}
        self._checked: dict[tuple[Any, ...], tuple[list[TemplateProblem], dict[str, int]]] = {}

    # -- environments -------------------------------------------------------------------------------------
    def _env(self, chinese: bool, html: bool) -> _Sandbox:
        key = (chinese, html)
        env = self._envs.get(key)
        if env is None:
            env = _Sandbox(undefined=StrictUndefined, autoescape=html, keep_trailing_newline=False)
            env.globals.clear()
            env.globals["range"] = _limited_range
            env.filters.update(self._filters(chinese))
            self._envs[key] = env
        return env

    def environment(self, locale: str = "zh_CN") -> ImmutableSandboxedEnvironment:
        """The plain-text sandbox of ``locale`` with this renderer's filters (service-flow texts use it too)."""
        return self._env(locale.startswith("zh"), False)

    def _filters(self, chinese: bool) -> dict[str, Callable[..., str]]:
        tz = self.tz

        def local(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return value.astimezone(tz) if value.tzinfo else value.replace(tzinfo=tz)
            return value

        def cn_date(value: Any) -> str:
            d = local(value)
            return f"{d.year}年{d.month}月{d.day}日"

        def en_date(value: Any) -> str:
            d = local(value)
            return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"

        def hhmm(value: Any) -> str:
            return local(value).strftime("%H:%M") if isinstance(value, dt.datetime) else ""

        def cn_datetime(value: Any) -> str:
            return f"{cn_date(value)} {hhmm(value)}".rstrip()

        def en_datetime(value: Any) -> str:
            return f"{en_date(value)}, {hhmm(value)}" if isinstance(value, dt.datetime) else en_date(value)

        def weekday(value: Any) -> str:
            d = local(value)
            return _WEEKDAYS_ZH[d.weekday()] if chinese else d.strftime("%A")

        def cny(value: Any) -> str:
            amount = Decimal(str(value)).quantize(Decimal("0.01"))
            return f"{amount:,.2f}元" if chinese else f"CNY {amount:,.2f}"

        def tail(value: Any, n: int = 4) -> str:
            return str(value)[-int(n) :] if int(n) > 0 else ""

        return {
            "cny": cny,
            "date": cn_date if chinese else en_date,
            "datetime": cn_datetime if chinese else en_datetime,
            "time": hhmm,
            "weekday": weekday,
            "cn_date": cn_date,
            "en_date": en_date,
            "cn_datetime": cn_datetime,
            "en_datetime": en_datetime,
            "tail": tail,
        }

    def _compile(self, chinese: bool, html: bool, part: str, source: str) -> Any:
        key = (chinese, html, source)
        found = self._cache.get(key)
        if found is not None:
            return found
        env = self._env(chinese, html)
        try:
            compiled = env.from_string(source)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"语法错误：{exc.message}", f"syntax error: {exc.message}", part=part, line=exc.lineno
            ) from None
        if len(self._cache) >= CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = compiled
        return compiled

    # -- checks -------------------------------------------------------------------------------------------
    def problems(self, source: TemplateSource) -> list[TemplateProblem]:
        """Every problem of a template as written: size, syntax, variables used but not declared."""
        found: list[TemplateProblem] = []
        chinese = source.locale.startswith("zh")
        if source.channel == "email" and not (source.subject or "").strip():
            found.append(TemplateProblem("邮件须有主题。", "an e-mail needs a subject.", part="subject", kind="empty"))
        if not (source.body_text or "").strip():
            found.append(TemplateProblem("正文不能为空。", "the text must not be empty.", part="text", kind="empty"))
        for part, text in source.parts():
            limit = MAX_SOURCE[part]
            if len(text) > limit:
                found.append(
                    TemplateProblem(
                        f"太长（{len(text)} 字符，最多 {limit}）。",
                        f"too long ({len(text)} characters, at most {limit}).",
                        part=part,
                        kind="size",
                    )
                )
                continue
            try:
                env = self._env(chinese, part == "html")
                ast = env.parse(text)
                self._compile(chinese, part == "html", part, text)
            except TemplateProblem as exc:
                found.append(exc)
                continue
            except TemplateSyntaxError as exc:
                found.append(
                    TemplateProblem(
                        f"语法错误：{exc.message}", f"syntax error: {exc.message}", part=part, line=exc.lineno
                    )
                )
                continue
            for name in sorted(meta.find_undeclared_variables(ast) - set(source.variables)):
                line = first_use(ast, name)
                found.append(
                    TemplateProblem(
                        f"未声明的变量“{name}”。", f"unknown variable {name!r}.", part=part, line=line, kind="unknown"
                    )
                )
        return found

    def _check(self, source: TemplateSource) -> tuple[list[TemplateProblem], dict[str, int]]:
        key = source.key
        found = self._checked.get(key)
        if found is None:
            problems = self.problems(source)
            used: dict[str, int] = {}
            if not problems:
                chinese = source.locale.startswith("zh")
                for part, text in source.parts():
                    ast = self._env(chinese, part == "html").parse(text)
                    for name in meta.find_undeclared_variables(ast):
                        used.setdefault(name, first_use(ast, name) or 1)
            if len(self._checked) >= CACHE_SIZE:
                self._checked.pop(next(iter(self._checked)))
            found = self._checked[key] = (problems, used)
        return found

    def validate(self, source: TemplateSource) -> None:
        """Raise the first of :meth:`problems`, if any (the outcome is cached per template text)."""
        problems, _ = self._check(source)
        if problems:
            raise problems[0]

    def used_variables(self, source: TemplateSource) -> dict[str, int]:
        """Variables the template reads, with the first line each is used on (parts in order).

        Raises:
            TemplateProblem: the template does not compile.
        """
        self.validate(source)
        return dict(self._check(source)[1])

    # -- rendering ----------------------------------------------------------------------------------------
    def render(self, source: TemplateSource, values: Mapping[str, Any]) -> Rendered:
        """Render every part with ``values`` (converted to the declared types).

        Raises:
            TemplateProblem: syntax, an undeclared or missing variable, a forbidden operation, or an SMS that
                would exceed :data:`MAX_SMS_SEGMENTS` segments.
            InvalidInput: a value that does not fit its declared type.
        """
        self.validate(source)
        context = {
            name: coerce(name, kind, values.get(name), self.tz)
            for name, kind in source.variables.items()
            if values.get(name) not in (None, "")
        }
        chinese = source.locale.startswith("zh")
        out: dict[str, str] = {}
        for part, text in source.parts():
            compiled = self._compile(chinese, part == "html", part, text)
            missing = [name for name in self._names(chinese, part, text) if name not in context]
            if missing:
                ast = self._env(chinese, part == "html").parse(text)
                name = missing[0]
                raise TemplateProblem(
                    f"缺少变量“{name}”的值。",
                    f"no value for variable {name!r}.",
                    part=part,
                    line=first_use(ast, name),
                    kind="missing",
                )
            out[part] = self._run(compiled, context, part)
        text_out = out["text"].strip()
        segments = None
        if source.channel == "sms":
            segments = count_segments(text_out)
            if segments.segments > MAX_SMS_SEGMENTS:
                raise TemplateProblem(
                    f"短信过长（{segments.segments} 条，最多 {MAX_SMS_SEGMENTS} 条）。",
                    f"the SMS is too long ({segments.segments} segments, at most {MAX_SMS_SEGMENTS}).",
                    kind="size",
                )
        subject = " ".join(out["subject"].split()) if "subject" in out else None
        return Rendered(text_out, subject, out.get("html"), segments)

    def _names(self, chinese: bool, part: str, text: str) -> list[str]:
        key = (chinese, part == "html", "names:" + text)
        found = self._cache.get(key)
        if found is None:
            found = sorted(meta.find_undeclared_variables(self._env(chinese, part == "html").parse(text)))
            self._cache[key] = found
        return list(found)

    def _run(self, compiled: Any, context: dict[str, Any], part: str) -> str:
        chunks: list[str] = []
        size = 0
        try:
            for chunk in compiled.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateProblem(
                        f"生成的内容过长（超过 {MAX_OUTPUT} 字符）。",
                        f"the output is too long (over {MAX_OUTPUT} characters).",
                        part=part,
                        kind="size",
                    )
                chunks.append(chunk)
        except SecurityError as exc:
            raise TemplateProblem(
                f"模板试图执行不允许的操作（{exc}）。",
                f"the template tried something that is not allowed ({exc}).",
                part=part,
                line=_template_line(exc),
                kind="security",
            ) from None
        except UndefinedError as exc:
            raise TemplateProblem(
                f"无法取值：{exc.message}",
                f"cannot use a value: {exc.message}",
                part=part,
                line=_template_line(exc),
                kind="missing",
            ) from None
        except TemplateProblem:
            raise
        except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
            raise TemplateProblem(
                f"渲染失败：{exc}", f"rendering failed: {exc}", part=part, line=_template_line(exc), kind="render"
            ) from None
        return "".join(chunks)


def first_use(ast: nodes.Template, name: str) -> int | None:
    """The line on which ``name`` is first read in a parsed template."""
    lines = [n.lineno for n in ast.find_all(nodes.Name) if n.name == name and n.ctx == "load"]
    return min(lines) if lines else None


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line

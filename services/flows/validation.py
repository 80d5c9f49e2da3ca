"""Whether a flow makes sense: every problem a supervisor must fix before the flow can be published.

:func:`validate` looks at a parsed :class:`~.definition.FlowDefinition` and lists :class:`Problem` s, each
naming its step (``None`` for the flow as a whole) and worded in Chinese and English:

* the graph — a start that is no step, ways out to steps that do not exist, steps no path reaches, steps with
  no way on (a path with no end), a flow without an end, loops no path leaves (a strongly connected set of
  steps with no edge out of it), branches without cases or without a default;
* variables — names in texts (Jinja2, parsed by the messaging sandbox) and in conditions that the catalogue
  (:mod:`.conditions`) does not know, answers no step asks for, answers a text reads before every path to it
  has asked for them, comparisons of a choice with a value that is none of its options;
* steps — empty texts, wrong answer specs (a choice without two distinct options, bounds the wrong way
  round), identity checks without a failure path or asking for more passes than checks, actions naming a
  template that is unknown, not approved or retired, or a reminder kind or complaint category that does
  not exist, a customer change from an answer of the wrong type.

The work is linear in the size of the flow (a 500-step flow takes milliseconds; ``contactdesk bench flows``
measures it): one pass over the steps, a breadth-first search, Tarjan's strongly connected components and
a bit-set data-flow pass for "asked on every path".
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from jinja2 import TemplateSyntaxError, meta, nodes

from db.models.lobby import REMINDER_KINDS
from services.messaging.rendering import Renderer

from .conditions import ANSWERS, CONDITION_VARIABLES, TEXT_VARIABLES, Compare, compares
from .definition import FlowDefinition, Step, Text

TemplateStatus = Callable[[str], str | None]

# Problem code -> (Chinese, English) short description (the editor's legend; each Problem has its own text).
PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "no_start": ("开始步骤不存在", "the start step does not exist"),
    "unknown_target": ("指向不存在的步骤", "leads to a step that does not exist"),
    "unreachable": ("无法到达的步骤", "unreachable step"),
    "no_end": ("路径没有结束", "a path with no end"),
    "no_end_step": ("流程没有结束步骤", "the flow has no end step"),
    "loop_no_exit": ("无出口的循环", "a loop with no way out"),
    "branch_no_cases": ("分支没有条件", "a branch without cases"),
    "branch_no_default": ("分支没有默认路径", "a branch without a default"),
    "empty_text": ("文本为空", "empty text"),
    "text_syntax": ("文本语法错误", "text syntax error"),
    "undefined_variable": ("未定义的变量", "undefined variable"),
    "variable_unset": ("变量可能尚未赋值", "variable not yet answered on some path"),
    "condition_value": ("条件中的值无效", "a condition value that cannot occur"),
    "answer_spec": ("回答设置有误", "wrong answer spec"),
    "answer_type_conflict": ("同名回答类型不一致", "one answer name with two types"),
    "identity_no_fail": ("身份核验缺少失败路径", "identity check without a failure path"),
    "identity_required": ("身份核验通过数有误", "wrong number of checks to pass"),
    "template_unknown": ("模板不存在", "unknown template"),
    "template_unapproved": ("模板未审批", "template not approved"),
    "template_retired": ("模板已停用", "template retired"),
    "action_param": ("操作参数有误", "wrong action setting"),
    "disposition_unknown": ("整理处理结果不存在", "unknown wrap-up disposition"),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a flow; ``step_id`` is None for the flow as a whole."""

    step_id: str | None
    code: str
    zh: str
    en: str

    def message(self, locale: str = "zh_CN") -> str:
        return self.en if locale.startswith("en") else self.zh


class _Found:
    """Collects problems, wording the step into each message."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, step: str | None, code: str, zh: str, en: str) -> None:
        if step is None:
            self.items.append(Problem(None, code, zh, en))
        else:
            self.items.append(Problem(step, code, f"步骤“{step}”：{zh}", f"Step {step!r}: {en}"))


@dataclass
class _TextUse:
    """What one Jinja text reads: dotted names (``customer.name``), unknown roots, or a syntax problem."""

    dotted: frozenset[str]
    roots: frozenset[str]
    error: tuple[str, str] | None


_RENDERER: Renderer | None = None
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_ARG = r"(?:\(\s*(?:-?\d+|'[^'{}]*'|\"[^\"{}]*\")?\s*\))?"
_SIMPLE_OUTPUT = re.compile(rf"\{{\{{ *({_NAME}(?:\.{_NAME})*) *((?:\| *{_NAME} *{_ARG} *)*)\}}\}}")
_FILTER_NAME = re.compile(rf"\| *({_NAME})")
_LITERALS = frozenset({"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if", "else"})


def _default_renderer() -> Renderer:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = Renderer()
    return _RENDERER


class _Texts:
    """Parses texts once each with the messaging sandbox and reports what they read."""

    def __init__(self, renderer: Renderer) -> None:
        self.envs = {"zh_CN": renderer.environment("zh_CN"), "en": renderer.environment("en")}
        self.cache: dict[tuple[str, str], _TextUse] = {}

    def uses(self, source: str, locale: str) -> _TextUse | None:
        if "{" not in source:
            return None  # no Jinja syntax at all: nothing to read (the common case of plain script lines)
        key = (locale, source)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._simple(source, locale) or self._parse(source, locale)
        return found

    def _simple(self, source: str, locale: str) -> _TextUse | None:
        """Texts whose only template syntax is ``{{ name.attr|filter }}`` are read without the parser.

        Jinja2 would find exactly these names; parsing costs a fraction of a millisecond per text, which adds
        up over a 500-step flow.  Anything else (statements, comments, expressions, literals) returns None.
        """
        names: list[str] = []
        filters: list[str] = []

        def take(match: re.Match[str]) -> str:
            names.append(match.group(1))
            filters.extend(_FILTER_NAME.findall(match.group(2)))
            return ""

        rest = _SIMPLE_OUTPUT.sub(take, source)
        if "{" in rest or any(n.partition(".")[0] in _LITERALS for n in names):
            return None
        env = self.envs[locale]
        unknown = next((f for f in filters if f not in env.filters), None)
        if unknown is not None:
            return None  # the parser words the error with its line
        roots = {n.partition(".")[0] for n in names}
        dotted = {".".join(n.split(".")[:2]) for n in names if "." in n}
        return _TextUse(frozenset(dotted), frozenset(roots), None)

    def _parse(self, source: str, locale: str) -> _TextUse:
        env = self.envs[locale]
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as exc:
            return _TextUse(
                frozenset(),
                frozenset(),
                (f"第 {exc.lineno} 行语法错误：{exc.message}", f"syntax error on line {exc.lineno}: {exc.message}"),
            )
        for node in ast.find_all((nodes.Filter, nodes.Test)):
            known = env.filters if isinstance(node, nodes.Filter) else env.tests
            if node.name not in known:
                what_zh = "过滤器" if isinstance(node, nodes.Filter) else "测试"
                what_en = "filter" if isinstance(node, nodes.Filter) else "test"
                return _TextUse(
                    frozenset(),
                    frozenset(),
                    (
                        f"第 {node.lineno} 行：没有名为“{node.name}”的{what_zh}。",
                        f"line {node.lineno}: there is no {what_en} named {node.name!r}.",
                    ),
                )
        roots = _undeclared(ast)
        dotted: set[str] = set()
        for access in ast.find_all((nodes.Getattr, nodes.Getitem)):
            assert isinstance(access, (nodes.Getattr, nodes.Getitem))
            base = access.node
            if not isinstance(base, nodes.Name) or base.ctx != "load" or base.name not in roots:
                continue
            if isinstance(access, nodes.Getattr):
                dotted.add(f"{base.name}.{access.attr}")
            elif isinstance(access.arg, nodes.Const) and isinstance(access.arg.value, str):
                dotted.add(f"{base.name}.{access.arg.value}")
        return _TextUse(frozenset(dotted), frozenset(roots), None)


_SCOPING = (nodes.Assign, nodes.AssignBlock, nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.With)


def _undeclared(ast: nodes.Template) -> set[str]:
    """The names a text reads from its context.

    A text without statements that bind names (``set``, ``for``, ``with``, macros) reads every name it loads,
    which is what :func:`jinja2.meta.find_undeclared_variables` would say, found in a fraction of the time;
    any other text is left to ``meta``.
    """
    if any(True for _ in ast.find_all(_SCOPING)):
        return set(meta.find_undeclared_variables(ast))
    return {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}


def _texts_of(step: Step) -> Iterable[tuple[str, Text]]:
    if step.text is not None:
        yield "text", step.text
    if step.action is not None:
        for key, text in step.action.texts():
            yield f"action.{key}", text


def _tarjan(order: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan), each in discovery order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in order:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = edges[node]
            recursed = False
            while i < len(succ):
                nxt = succ[i]
                i += 1
                if nxt not in index:
                    work.append((node, i))
                    work.append((nxt, 0))
                    recursed = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recursed:
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def validate(
    defn: FlowDefinition,
    *,
    templates: TemplateStatus,
    renderer: Renderer | None = None,
    complaint_categories: Callable[[str], bool] | None = None,
    dispositions: Callable[[str], bool] | None = None,
) -> list[Problem]:
    """Every problem of ``defn`` (an empty list: it may be published).

    Args:
        templates: a message template's status by code ('approved', 'retired', 'draft', 'submitted', or None
            when there is no such template).
        renderer: whose sandbox parses the texts (default: one shared :class:`Renderer`).
        complaint_categories: whether a complaint category code exists (not checked when None).
        dispositions: whether a wrap-up disposition code can be picked (an end's ``disposition``, or its
            outcome where that looks like one; not checked when None).
    """
    found = _Found()
    texts = _Texts(renderer or _default_renderer())
    ids = {s.id: s for s in defn.steps}
    order = [s.id for s in defn.steps]
    position = {sid: i for i, sid in enumerate(order)}
    answer_vars = defn.answer_vars()
    options_of: dict[str, set[str]] = {}

    # -- steps one by one ------------------------------------------------------------------------------------
    edges: dict[str, list[str]] = {}
    declared = {v.name: v.type for v in defn.variables}
    ask_types: dict[str, tuple[str, str]] = {}
    for step in defn.steps:
        out: list[str] = []
        for label, target in step.targets():
            if target in ids:
                out.append(target)
            else:
                found.add(
                    step.id,
                    "unknown_target",
                    f"{_label_zh(label)}指向不存在的步骤“{target}”。",
                    f"{label} leads to {target!r}, which is no step of this flow.",
                )
        edges[step.id] = out
        _check_step(step, found, templates, complaint_categories, answer_vars)
        if step.kind == "end" and step.disposition and dispositions is not None and not dispositions(step.disposition):
            found.add(
                step.id,
                "disposition_unknown",
                f"整理处理结果“{step.disposition}”不存在或不可选。",
                f"there is no wrap-up disposition {step.disposition!r} to pick.",
            )
        if step.kind == "ask" and step.answer is not None and step.var:
            kind = step.answer.type
            if step.var in declared and declared[step.var] != kind:
                found.add(
                    step.id,
                    "answer_type_conflict",
                    f"回答“{step.var}”声明为 {declared[step.var]} 类型，此处却是 {kind}。",
                    f"answer {step.var!r} is declared as {declared[step.var]} but asked here as {kind}.",
                )
            elif step.var in ask_types and ask_types[step.var][0] != kind:
                other_type, other = ask_types[step.var]
                found.add(
                    step.id,
                    "answer_type_conflict",
                    f"回答“{step.var}”在步骤“{other}”是 {other_type} 类型，此处却是 {kind}。",
                    f"answer {step.var!r} is a {other_type} in step {other!r} but a {kind} here.",
                )
            else:
                ask_types.setdefault(step.var, (kind, step.id))
            if kind == "choice":
                options_of.setdefault(step.var, set()).update(o.value for o in step.answer.options)

    if defn.start not in ids:
        found.add(
            None,
            "no_start",
            f"开始步骤“{defn.start}”不存在。",
            f"the start step {defn.start!r} is no step of this flow.",
        )
    if not any(s.kind == "end" for s in defn.steps):
        found.add(None, "no_end_step", "流程没有结束步骤。", "the flow has no end step.")

    # -- reachability, dead ends, trapped loops ----------------------------------------------------------------
    reachable: set[str] = set()
    if defn.start in ids:
        queue = deque([defn.start])
        reachable.add(defn.start)
        while queue:
            for nxt in edges[queue.popleft()]:
                if nxt not in reachable:
                    reachable.add(nxt)
                    queue.append(nxt)
    for step in defn.steps:
        if defn.start in ids and step.id not in reachable:
            found.add(step.id, "unreachable", "从开始步骤无法到达此步骤。", "no path from the start reaches this step.")
        if step.kind != "end" and not edges[step.id]:
            found.add(
                step.id,
                "no_end",
                "此步骤没有下一步，路径在此中断而没有结束。",
                "this step leads nowhere: the path stops here without an end.",
            )
    for component in _tarjan(order, edges):
        members = set(component)
        if len(component) == 1 and component[0] not in edges[component[0]]:
            continue  # a single step that does not lead to itself is no loop
        if any(nxt not in members for sid in component for nxt in edges[sid]):
            continue
        ordered = sorted(component, key=position.__getitem__)
        shown = "、".join(ordered[:8]) + ("……" if len(ordered) > 8 else "")
        shown_en = ", ".join(ordered[:8]) + (", ..." if len(ordered) > 8 else "")
        found.add(
            ordered[0],
            "loop_no_exit",
            f"循环（{shown}）没有出口，流程无法结束。",
            f"the loop ({shown_en}) has no way out, so the flow can never end.",
        )

    # -- variables -------------------------------------------------------------------------------------------------
    answered_before = _answered_before(defn, edges, reachable, answer_vars)
    for step in defn.steps:
        _check_conditions(step, found, answer_vars, options_of)
        before = answered_before.get(step.id)
        for where, text in _texts_of(step):
            _check_text(step.id, where, text, texts, found, answer_vars, before)
        action = step.action
        if action is not None:
            for name, source in action.values:
                _check_source(step.id, f"action.values.{name}", source, found, answer_vars, before)
            if action.from_answer:
                _check_source(
                    step.id, "action.from_answer", f"{ANSWERS}.{action.from_answer}", found, answer_vars, before
                )
                given = answer_vars.get(action.from_answer)
                if given is not None and action.field in ("phone", "email", "occupation") and given != "text":
                    found.add(
                        step.id,
                        "action_param",
                        f"修改“{action.field}”须取自文字类型的回答，“{action.from_answer}”却是 {given}。",
                        f"changing {action.field} needs a text answer, but {action.from_answer!r} is a {given}.",
                    )
    return found.items


_WHERE_ZH = {"text": "文本", "action.summary": "操作摘要", "action.title": "操作标题", "action.from_answer": "修改来源"}
_LABELS_ZH = {"next": "下一步", "default": "默认路径", "fail": "失败路径", "on_error": "出错路径"}


def _label_zh(label: str) -> str:
    if label.startswith("cases["):
        return f"分支 {label[6:-1]} "
    return _LABELS_ZH.get(label, label)


def _check_step(
    step: Step,
    found: _Found,
    templates: TemplateStatus,
    complaint_categories: Callable[[str], bool] | None,
    answer_vars: dict[str, str],
) -> None:
    sid = step.id
    if step.kind in ("say", "ask", "read_aloud") and (
        step.text is None or not all(t.strip() for t in (step.text.zh_CN, step.text.en))
    ):
        found.add(sid, "empty_text", "须填写中英文文本。", "the text is missing in one language or both.")
    if step.kind == "ask" and step.answer is not None:
        spec = step.answer
        if spec.type == "choice":
            values = [o.value for o in spec.options]
            if len(values) < 2:
                found.add(sid, "answer_spec", "选择题至少需要两个选项。", "a choice needs at least two options.")
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                found.add(
                    sid,
                    "answer_spec",
                    f"选项值重复：{'、'.join(duplicates)}。",
                    f"option values used twice: {', '.join(duplicates)}.",
                )
            blank = [o.value for o in spec.options if not (o.label.zh_CN.strip() and o.label.en.strip())]
            if blank:
                found.add(sid, "answer_spec", f"选项“{blank[0]}”缺少名称。", f"option {blank[0]!r} has no label.")
        if spec.min is not None and spec.max is not None and spec.min > spec.max:
            found.add(
                sid,
                "answer_spec",
                f"下限 {spec.min} 大于上限 {spec.max}。",
                f"the minimum {spec.min} is above the maximum {spec.max}.",
            )
        if spec.type == "amount" and spec.min is not None and spec.min < 0:
            found.add(sid, "answer_spec", "金额下限不能为负数。", "an amount's minimum cannot be negative.")
    if step.kind == "branch":
        if not step.cases:
            found.add(sid, "branch_no_cases", "分支没有任何条件。", "the branch has no cases.")
        if not step.default:
            found.add(
                sid,
                "branch_no_default",
                "分支缺少默认路径（没有条件成立时走向何处）。",
                "the branch has no default (where to go when no case holds).",
            )
        for i, case in enumerate(step.cases):
            if not case.next:
                found.add(sid, "no_end", f"分支 {i} 没有指定下一步。", f"case {i} leads nowhere.")
    if step.kind == "identity_check":
        if not step.fail:
            found.add(
                sid,
                "identity_no_fail",
                "身份核验须指定未通过时的路径（fail）。",
                "an identity check needs the path for a failed check (fail).",
            )
        if len(set(step.checks)) != len(step.checks):
            found.add(sid, "identity_required", "核验项重复。", "a check is listed twice.")
        required = step.required if step.required is not None else len(step.checks)
        if not 1 <= required <= len(set(step.checks)):
            found.add(
                sid,
                "identity_required",
                f"须通过的核验项数（{required}）应在 1 到 {len(set(step.checks))} 之间。",
                f"the checks to pass ({required}) must be between 1 and {len(set(step.checks))}.",
            )
    if step.kind == "action" and step.action is not None:
        _check_action(step, found, templates, complaint_categories)


def _check_action(
    step: Step, found: _Found, templates: TemplateStatus, complaint_categories: Callable[[str], bool] | None
) -> None:
    action = step.action
    assert action is not None
    sid = step.id
    if action.type == "send_template" and action.template:
        status = templates(action.template)
        code = action.template
        if status is None:
            found.add(sid, "template_unknown", f"模板“{code}”不存在。", f"there is no message template {code!r}.")
        elif status == "retired":
            found.add(
                sid,
                "template_retired",
                f"模板“{code}”已停用，请改用在用的模板。",
                f"message template {code!r} is retired; choose one in use.",
            )
        elif status != "approved":
            found.add(
                sid,
                "template_unapproved",
                f"模板“{code}”尚未审批（{status}）。",
                f"message template {code!r} is not approved ({status}).",
            )
    if action.type == "create_reminder" and action.kind and action.kind not in REMINDER_KINDS:
        found.add(
            sid,
            "action_param",
            f"提醒类型“{action.kind}”不存在（可用：{'、'.join(REMINDER_KINDS)}）。",
            f"there is no reminder kind {action.kind!r} (use one of {', '.join(REMINDER_KINDS)}).",
        )
    if (
        action.type == "register_complaint"
        and action.category
        and complaint_categories is not None
        and not complaint_categories(action.category)
    ):
        found.add(
            sid,
            "action_param",
            f"投诉分类“{action.category}”不存在。",
            f"there is no complaint category {action.category!r}.",
        )


def _check_conditions(step: Step, found: _Found, answer_vars: dict[str, str], options_of: dict[str, set[str]]) -> None:
    for i, case in enumerate(step.cases):
        for leaf in compares(case.when):
            _check_compare(step.id, i, leaf, found, answer_vars, options_of)


def _check_compare(
    sid: str, i: int, leaf: Compare, found: _Found, answer_vars: dict[str, str], options_of: dict[str, set[str]]
) -> None:
    root, _, name = leaf.var.partition(".")
    if root == ANSWERS:
        if name not in answer_vars:
            found.add(
                sid,
                "undefined_variable",
                f"分支 {i} 的条件读取“{leaf.var}”，但没有步骤询问“{name}”，也没有声明此变量。",
                f"case {i} reads {leaf.var!r}, but no step asks for {name!r} and no variable declares it.",
            )
            return
        kind = answer_vars[name]
        values: tuple[Any, ...] = ()
        if leaf.op in ("eq", "ne"):
            values = (leaf.value,)
        elif leaf.op in ("in", "not_in"):
            values = tuple(leaf.value or ())
        if kind == "choice" and name in options_of:
            wrong = [v for v in values if str(v) not in options_of[name]]
            if wrong:
                found.add(
                    sid,
                    "condition_value",
                    f"分支 {i}：“{wrong[0]}”不是“{name}”的选项（{'、'.join(sorted(options_of[name]))}）。",
                    f"case {i}: {wrong[0]!r} is not an option of {name!r} ({', '.join(sorted(options_of[name]))}).",
                )
        if kind == "yes_no" and any(not isinstance(v, bool) for v in values):
            found.add(
                sid,
                "condition_value",
                f"分支 {i}：“{name}”是“是/否”回答，须与 true 或 false 比较。",
                f"case {i}: {name!r} is a yes/no answer; compare it with true or false.",
            )
        return
    if leaf.var not in CONDITION_VARIABLES:
        found.add(
            sid,
            "undefined_variable",
            f"分支 {i} 的条件读取未知变量“{leaf.var}”。",
            f"case {i} reads {leaf.var!r}, which is no variable a flow can use.",
        )


def _check_source(
    sid: str,
    where: str,
    dotted: str,
    found: _Found,
    answer_vars: dict[str, str],
    before: frozenset[str] | None,
) -> None:
    root, _, name = dotted.partition(".")
    if root == ANSWERS:
        if name not in answer_vars:
            found.add(
                sid,
                "undefined_variable",
                f"{_WHERE_ZH.get(where, where)} 读取“{dotted}”，但没有步骤询问“{name}”。",
                f"{where} reads {dotted!r}, but no step asks for {name!r}.",
            )
        elif before is not None and name not in before:
            found.add(
                sid,
                "variable_unset",
                f"{_WHERE_ZH.get(where, where)} 读取“{dotted}”，但并非每条到达此处的路径都已询问“{name}”。",
                f"{where} reads {dotted!r}, but not every path to this step has asked for {name!r}.",
            )
        return
    if dotted not in CONDITION_VARIABLES and name not in TEXT_VARIABLES.get(root, {}):
        found.add(
            sid,
            "undefined_variable",
            f"{_WHERE_ZH.get(where, where)} 读取未知变量“{dotted}”。",
            f"{where} reads {dotted!r}, an unknown variable.",
        )


def _check_text(
    sid: str,
    where: str,
    text: Text,
    texts: _Texts,
    found: _Found,
    answer_vars: dict[str, str],
    before: frozenset[str] | None,
) -> None:
    reported: set[str] = set()
    wz = _WHERE_ZH.get(where, where)
    one = text.zh_CN == text.en  # one text for both languages: checked (and reported) once
    for locale, source in (("zh_CN", text.zh_CN),) if one else (("zh_CN", text.zh_CN), ("en", text.en)):
        use = texts.uses(source, locale)
        if use is None:
            continue
        lang_zh, lang_en = (
            ("", "") if one else ("（中文）", " (Chinese)") if locale == "zh_CN" else ("（英文）", " (English)")
        )
        if use.error is not None:
            found.add(sid, "text_syntax", f"{wz}{lang_zh}：{use.error[0]}", f"{where}{lang_en}: {use.error[1]}")
            continue
        for root in sorted(use.roots):
            if root != ANSWERS and root not in TEXT_VARIABLES and root not in reported:
                reported.add(root)
                found.add(
                    sid,
                    "undefined_variable",
                    f"{wz}{lang_zh}使用了未知变量“{root}”。",
                    f"{where}{lang_en} uses {root!r}, an unknown variable.",
                )
        for dotted in sorted(use.dotted):
            if dotted in reported:
                continue
            root, _, name = dotted.partition(".")
            if root == ANSWERS:
                if name not in answer_vars:
                    reported.add(dotted)
                    found.add(
                        sid,
                        "undefined_variable",
                        f"{wz}{lang_zh}读取“{dotted}”，但没有步骤询问“{name}”，也没有声明此变量。",
                        f"{where}{lang_en} reads {dotted!r}, but no step asks for {name!r} "
                        "and no variable declares it.",
                    )
                elif before is not None and name not in before:
                    reported.add(dotted)
                    found.add(
                        sid,
                        "variable_unset",
                        f"{wz}{lang_zh}读取“{dotted}”，但并非每条到达此处的路径都已询问“{name}”。",
                        f"{where}{lang_en} reads {dotted!r}, but not every path to this step has asked for {name!r}.",
                    )
            elif root in TEXT_VARIABLES and name not in TEXT_VARIABLES[root]:
                reported.add(dotted)
                found.add(
                    sid,
                    "undefined_variable",
                    f"{wz}{lang_zh}读取未知变量“{dotted}”。",
                    f"{where}{lang_en} reads {dotted!r}, an unknown variable.",
                )


def _answered_before(
    defn: FlowDefinition, edges: dict[str, list[str]], reachable: set[str], answer_vars: dict[str, str]
) -> dict[str, frozenset[str]]:
    """For each reachable step, the answers given on EVERY path from the start to it (declared ones included).

    A forward "must" data-flow over bit sets: in(start) = declared; in(s) = AND of out(p) over reachable
    predecessors; out(s) = in(s) | the answer s asks for.  Unreachable steps get no entry (they are reported).
    """
    if defn.start not in reachable:
        return {}
    bit = {name: 1 << i for i, name in enumerate(answer_vars)}
    everything = (1 << len(bit)) - 1
    declared = 0
    for v in defn.variables:
        declared |= bit[v.name]
    gives = {s.id: (bit[s.var] if s.kind == "ask" and s.var in bit else 0) for s in defn.steps}
    preds: dict[str, list[str]] = {sid: [] for sid in reachable}
    for sid in reachable:
        for nxt in edges[sid]:
            preds[nxt].append(sid)
    into = dict.fromkeys(reachable, everything)
    into[defn.start] = declared
    out = {sid: into[sid] | gives[sid] for sid in reachable}
    work = deque(edges[defn.start])
    queued = set(work)
    while work:
        sid = work.popleft()
        queued.discard(sid)
        value = everything
        for p in preds[sid]:
            value &= out[p]
        if sid == defn.start:
            value &= declared
        if value == into[sid] and out[sid] == (value | gives[sid]):
            continue
        into[sid] = value
        new_out = value | gives[sid]
        if new_out != out[sid]:
            out[sid] = new_out
            for nxt in edges[sid]:
                if nxt not in queued:
                    queued.add(nxt)
                    work.append(nxt)
    names = list(bit)
    return {sid: frozenset(n for n in names if into[sid] & bit[n]) for sid in reachable}

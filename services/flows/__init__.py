"""Guided service flows: versioned graphs of steps that agents follow beside the caller.

| module | what |
|---|---|
| :mod:`.definition` | the flow document as frozen dataclasses; :func:`~.definition.parse`, ``to_data`` |
| :mod:`.conditions` | branch conditions, their evaluation, the catalogue of variables flows may read |
| :mod:`.validation` | every problem to fix before publishing (graph, variables, answers, templates) |
| :mod:`.files` | YAML/JSON files checked against ``resources/flows/schema.json`` |
| :mod:`.authoring` | versions: draft → submitted → approved (four eyes) → published → retired |
| :mod:`.starters` | the starter flows of ``resources/flows/`` installed by the seed and the demo |
| :mod:`.runner`, :mod:`.actions`, :mod:`.choose`, :mod:`.analytics`, :mod:`.history` | running flows |
"""

from __future__ import annotations

from .definition import FlowDefinition, parse
from .errors import FlowError, FlowFormatError, FlowInvalid, FlowNotAllowed, FlowNotFound
from .validation import Problem, validate

__all__ = [
    "FlowDefinition",
    "FlowError",
    "FlowFormatError",
    "FlowInvalid",
    "FlowNotAllowed",
    "FlowNotFound",
    "Problem",
    "parse",
    "validate",
]

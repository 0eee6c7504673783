"""The one line for a YAML file that does not parse (outlets, topics, recipients): where to look
and what to do, for the mistakes people make by hand. Pure: the file's text and PyYAML's error.

PyYAML reports the place it gave up, which is not always the place to fix: a ``[`` left open
is reported at the end of the file (a "line 4" in a three-line file), a tab used for
indentation as a character "that cannot start any token". Here the first is named at the line
that opened it, the second as a tab. Lives in ``storage/`` because every part that reads a
file imports from there (``crawler``, ``topics``, ``digest``); it imports nothing of theirs.
"""
from __future__ import annotations

__all__ = ["yaml_problem"]

#: What PyYAML was reading when the file ended, and how a person says it.
_UNCLOSED = {"flow sequence": "the [ opened on this line is never closed with ]",
             "flow mapping": "the { opened on this line is never closed with }",
             "quoted scalar": "the quote opened on this line is never closed"}


def yaml_problem(path, text: str, exc) -> str:
    """``"{path}: line N is not valid YAML ({what}; {fix})"`` for a ``yaml.YAMLError`` raised
    while parsing `text`; the line counts from 1 and is never past the file's last line."""
    lines = text.splitlines() or [""]
    mark, context_mark = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = (getattr(exc, "context", None) or "").replace("while parsing a ", "").replace(
        "while scanning a ", "")
    line = None if mark is None else mark.line
    if context in _UNCLOSED and context_mark is not None and (
            mark is None or mark.line != context_mark.line or "end of stream" in problem):
        line, problem = context_mark.line, _UNCLOSED[context]
    elif mark is not None and mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
        problem = "a tab: indent with spaces, not tabs"
    if line is None:
        return f"{path}: is not valid YAML ({problem})"
    return f"{path}: line {min(line + 1, len(lines))} is not valid YAML ({problem})"

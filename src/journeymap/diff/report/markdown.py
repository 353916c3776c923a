"""Markdown for a pull-request comment or the refresh report (GitHub-flavoured tables)."""

from __future__ import annotations

from journeymap.diff.model import Change, DiffResult
from journeymap.diff.report import SYMBOLS, group, summary_sentence
from journeymap.safetext import clean, markdown_text

LEVEL_MARK = {"warning": "⚠️", "info": ""}


def _code(text: str) -> str:
    return f"`{clean(text).replace('`', '')}`"


def _table(changes: list[Change]) -> list[str]:
    lines = ["| | Change | Kind |", "| --- | --- | --- |"]
    for change in changes:
        message = markdown_text(change.message)
        if change.hint:
            message += f"<br>_{markdown_text(change.hint)}_"
        mark = f"{markdown_text(SYMBOLS[change.category])} {LEVEL_MARK[change.level]}".strip()
        lines.append(f"| {mark} | {message} | {_code(change.kind)} |")
    return lines


def render(result: DiffResult, summary_only: bool = False) -> str:
    lines = [
        f"## Journey map changes: {_code(result.old_label)} → {_code(result.new_label)}",
        "",
        summary_sentence(result),
        "",
        "| Category | Changes |",
        "| --- | ---: |",
        *(f"| {category} | {count} |" for category, count in result.counts().items()),
    ]
    if summary_only:
        return "\n".join(lines) + "\n"
    for document in group(result):
        title = f" — {markdown_text(document.title)}" if document.title else ""
        lines += ["", f"### {document.kind.capitalize()} {_code(document.id)}{title}", ""]
        if document.path:
            lines += [f"File: {_code(document.path)}", ""]
        if document.top:
            lines += _table(document.top)
        for stage in document.stages:
            lines += ["", f"#### Stage: {markdown_text(stage.name)} ({_code(stage.id)})", ""]
            lines += _table(stage.changes)
    lines += [
        "",
        "⚠️ marks changes to review: removals, worse emotions, new pain points, lost moments of truth.",
    ]
    return "\n".join(lines) + "\n"

"""A self-contained HTML report: contracts, timeline, theme matrix, details and an optional comparison.

One file, no network: styles inline, no script, no external font or image.
It reads well on a phone (fluid layout, tables scroll sideways) and prints
(page breaks between contracts, no colours needed). Every text from the data
is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from cppsctl import __version__
from cppsctl.analysis import known
from cppsctl.analysis.compare import Comparison, Pair
from cppsctl.analysis.timeline import axis, matrix, timeline
from cppsctl.model import Action, Contract, Dataset
from cppsctl.output.wording import JOINS, count_of, share_text

STYLE = """
:root { --ink: #1b1b1b; --muted: #5d5d5d; --line: #d8d8d8; --accent: #1f4e79; --bar: #2e75b6; --soft: #dbe9f6; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 72rem; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .2rem 0 .6rem; color: var(--accent); }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.meta, .muted { color: var(--muted); font-size: .9rem; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f6f9; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td code, td.num { white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em; }
ol.actions { margin: .2rem 0 .8rem; padding-left: 1.4rem; }
ol.actions li { margin: .15rem 0; }
.tag { display: inline-block; font-size: .75rem; color: var(--accent); border: 1px solid var(--soft);
       border-radius: .6rem; padding: 0 .4rem; margin-left: .2rem; }
.partial { color: #8a4b00; }
.timeline td.year { padding: 0; min-width: 1.1rem; border-left: 1px solid #f0f0f0; }
.timeline td.on { background: var(--bar); }
.timeline td.maybe { background: repeating-linear-gradient(45deg, var(--soft), var(--soft) 3px, #fff 3px, #fff 6px); }
.timeline td.signed { box-shadow: inset 0 0 0 3px #f4b400; }
.timeline th.year { font-size: .7rem; writing-mode: vertical-rl; padding: .2rem 0; }
section.contract { break-inside: avoid-page; }
table.compare td.status { font-weight: 600; white-space: nowrap; }
td.kept { color: #2e7d32; } td.reworded { color: #8a6d00; } td.merged, td.split { color: #6a1b9a; }
td.added { color: #1565c0; } td.removed { color: #c62828; } td.unknown { color: var(--muted); }
del { color: #c62828; } ins { color: #2e7d32; text-decoration: none; font-weight: 600; }
@media (max-width: 40rem) { body { font-size: 15px; padding: .6rem; } h1 { font-size: 1.3rem; } }
@media print {
  body { max-width: none; font-size: 11pt; }
  .scroll { overflow: visible; }
  section.contract { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], css: str = "") -> str:
    """A table; cells are already-escaped HTML."""
    cls = f' class="{css}"' if css else ""
    header = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(rows_cell for rows_cell in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table{cls}><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>'


def _td(value: object, numeric: bool = False) -> str:
    return f'<td class="num">{_e(value)}</td>' if numeric else f"<td>{_e(value)}</td>"


def contracts_section(dataset: Dataset) -> str:
    rows = []
    for c in dataset.contracts:
        facts = known.facts(dataset, c)
        rows.append(
            [
                f'<td><a href="#{_e(c.id)}"><code>{_e(c.id)}</code></a></td>',
                _td(c.kind),
                _td(c.scope),
                _td(facts.period_text),
                _td(facts.signed_text),
                _td(known.count_text(c, c.priority_count, None, at_least=True), numeric=True),
                f'<td class="{"" if c.complete else "partial"} num">'
                f"{_e(known.count_text(c, c.action_count, c.declared_action_count))}</td>",
            ]
        )
    head = ["id", "kind", "scope", "period", "signed on", "priorities", "actions"]
    legend = f'<p class="muted">{_e(known.MARKS_LEGEND)}</p>'
    return '<section><h2 id="contracts">Contracts</h2>' + _table(head, rows) + legend + "</section>"


def timeline_section(dataset: Dataset) -> str:
    bars = timeline(dataset, dataset.contracts)
    years = axis(bars)
    if years is None:
        return ""
    first, last = years
    head = ["contract", *(f'<span title="{y}">{str(y)[2:]}</span>' for y in range(first, last + 1))]
    rows = []
    for bar in bars:
        contract = bar.contract
        cells = [f'<td><a href="#{_e(contract.id)}"><code>{_e(contract.id)}</code></a></td>']
        signed = contract.signed_on.year if contract.signed_on else None
        for year in range(first, last + 1):
            css = ["year", {"yes": "on", "possibly": "maybe", "no": ""}[bar.state(year)]]
            mark = ""
            if year == signed:
                css.append("signed")
                assert contract.signed_on is not None
                exact = contract.signed_on.precision == "day"
                mark = "◆" if exact else "◇"
                mark = f'<span title="signed {_e(contract.signed_on)}">{mark}</span>'
            cells.append(f'<td class="{" ".join(c for c in css if c)}" data-state="{bar.state(year)}">{mark}</td>')
        rows.append(cells)
    legend = (
        '<p class="muted">Solid: in force. Hatched: possibly in force (a bound the sources do not give: inferred,'
        " derived from the next contract of the scope, or unknown). ◆ signed (date known to the day), ◇ signed"
        " (month or year known).</p>"
    )
    head_html = "".join(f'<th class="year">{h}</th>' if i else f"<th>{h}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    table = (
        f'<div class="scroll"><table class="timeline"><thead><tr>{head_html}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    return f'<section><h2 id="timeline">Timeline, {first} to {last}</h2>{legend}{table}</section>'


def matrix_section(dataset: Dataset) -> str:
    table = matrix(dataset, [c for c in dataset.contracts if c.action_count])
    rows = []
    for row in table.rows:
        cells = [f'<td>{_e(row.theme.label_en)} <span class="muted">({_e(row.theme.label_fr)})</span></td>']
        for contract, count in zip(table.contracts, row.counts, strict=True):
            if count is None:
                cells.append('<td class="num muted" title="unknown: none of its known actions">?</td>')
                continue
            alpha = round(0.12 + 0.88 * count / (table.top or 1), 2) if count else 0
            style = f' style="background: rgba(46,117,182,{alpha}); color: {"#fff" if alpha > 0.55 else "inherit"}"'
            text = "" if not count else str(count) if contract.complete else f"{count}+"
            cells.append(f'<td class="num"{style if count else ""}>{text}</td>')
        rows.append(cells)
    head = ["theme", *(f"<code>{_e(c.id)}</code>{'' if c.complete else '*'}" for c in table.contracts)]
    note = (
        '<p class="muted">Number of fiches-actions per theme, shaded by the number (the same scale in every column);'
        " contracts with no known action are left out; * partly known: 2+ at least two, ? unknown.</p>"
    )
    return f'<section><h2 id="matrix">Themes by contract</h2>{note}{_table(head, rows)}</section>'


def _side(actions: tuple[Action, ...]) -> str:
    return "<br>".join(f"<code>{_e(a.id.split('/', 1)[1])}</code> {_e(a.title)}" for a in actions)


def _diff_html(pair: Pair) -> str:
    segments = pair.diff
    if segments is None:
        return _side(pair.right)
    parts = []
    for segment in segments:
        if segment.op == "equal":
            parts.append(_e(segment.new))
        elif segment.op == "delete":
            parts.append(f"<del>{_e(segment.old)}</del>")
        else:
            parts.append(f"<ins>{_e(segment.new)}</ins>")
    return f"<code>{_e(pair.right[0].id.split('/', 1)[1])}</code> " + " ".join(parts)


def comparison_section(comparison: Comparison) -> str:
    left, right = comparison.left, comparison.right
    counts = comparison.counts()
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    join = JOINS[comparison.relation]
    parts = [
        f'<section><h2 id="comparison">Comparison: <code>{_e(left.id)}</code> {join} <code>{_e(right.id)}</code>'
        f" ({_e(comparison.relation)})</h2>"
    ]
    parts.append(f'<p class="meta">{len(comparison.pairs)} pairs: {_e(summary)}; {comparison.moved_count} moved.</p>')
    parts += [f'<p class="partial">Warning: {_e(w)}</p>' for w in comparison.warnings]
    rows = []
    for pair in comparison.pairs:
        how = "" if pair.method is None else str(pair.method)
        if pair.score is not None:
            how = f"{how} {pair.score:.2f}"
        status = pair.status + (" · moved" if pair.moved else "")
        rows.append(
            [
                f'<td class="status {_e(pair.status)}">{_e(status)}</td>',
                f"<td>{_side(pair.left)}</td>",
                f"<td>{_diff_html(pair)}</td>",
                _td(how),
            ]
        )
    parts.append(_table(["class", _e(left.id), _e(right.id), "matched by"], rows, "compare"))
    coverage = comparison.coverage
    if coverage is not None:
        cov_rows = [
            [
                _td(f"{p.number}. {p.title}"),
                _td(count_of(p.total, len(p.actions)), numeric=True),
                _td(len(p.declined), numeric=True),
                _td(share_text(p.percent, p.at_least, p.at_most), numeric=True),
            ]
            for p in coverage.priorities
        ]
        total = share_text(coverage.percent, coverage.at_least, coverage.at_most)
        cov_rows.append(
            [
                _td("total"),
                _td(count_of(coverage.total, coverage.action_count), True),
                _td(coverage.declined_count, True),
                _td(total, True),
            ]
        )
        parts.append(
            f"<h3>Actions of <code>{_e(coverage.paris_wide)}</code> declined by <code>{_e(coverage.local)}</code></h3>"
        )
        parts.append(_table(["priority", "actions", "declined", "share"], cov_rows))
    parts.append("</section>")
    return "".join(parts)


def contract_section(dataset: Dataset, contract: Contract) -> str:
    parts = [f'<section class="contract"><h3 id="{_e(contract.id)}"><code>{_e(contract.id)}</code> — ']
    parts.append(f"{_e(contract.name)} ({_e(contract.scope)}, {_e(known.facts(dataset, contract).period_text)})</h3>")
    facts = [f"{_e(contract.kind)}", _e(contract.completeness)]
    if contract.signed_on:
        facts.append(f"signed on {_e(contract.signed_on)}")
    parts.append(f'<p class="meta">{" · ".join(facts)}</p>')
    for priority in contract.priorities:
        parts.append(f"<h4>{priority.number}. {_e(priority.title)}</h4>")
        if priority.actions:
            parts.append('<ol class="actions">')
            for action in priority.actions:
                tags = "".join(f'<span class="tag">{_e(t)}</span>' for t in action.themes)
                parts.append(f'<li value="{action.position}"><span class="title">{_e(action.title)}</span>{tags}</li>')
            parts.append("</ol>")
        else:
            parts.append('<p class="muted">No fiche-action known.</p>')
    for erratum in contract.errata:
        parts.append(
            f'<p class="muted">Erratum ({_e(erratum.field)}): published « {_e(erratum.original)} », '
            f"recorded « {_e(erratum.corrected)} ».</p>"
        )
    links = []
    for source_id in contract.sources:
        source = dataset.source(source_id)
        if source is not None:
            links.append(f'<a href="{_e(source.url)}">{_e(source.title or source.url)}</a> ({_e(source.kind)})')
    if links:
        parts.append(f'<p class="muted">Sources: {"; ".join(links)}</p>')
    parts.append("</section>")
    return "".join(parts)


def render_report(dataset: Dataset, *, comparison: Comparison | None = None) -> str:
    """The whole report as one HTML document (deterministic: the same data gives the same bytes)."""
    total = sum(c.action_count for c in dataset.contracts)
    body = [
        "<header><h1>Contrats de prévention et de sécurité de Paris</h1>",
        f'<p class="meta">{len(dataset.contracts)} contracts, {total} fiches-actions known. '
        f"Generated by cppsctl {_e(__version__)} from the dataset's sources.</p></header>",
        contracts_section(dataset),
        timeline_section(dataset),
        matrix_section(dataset),
        comparison_section(comparison) if comparison is not None else "",
        '<section><h2 id="details">Contracts in detail</h2>',
        *(contract_section(dataset, c) for c in dataset.contracts),
        "</section>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Contrats de prévention et de sécurité de Paris</title>"
        f"<style>{STYLE}</style></head><body>" + "".join(body) + "</body></html>\n"
    )

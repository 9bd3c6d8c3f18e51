"""The one module that turns what people type into HTML we serve (DESIGN: bleach in one place).

Each public function is a named profile. Callers store its output once, beside the source,
and templates mark only that stored HTML safe.

`render_comment_markdown`: limited Markdown (paragraphs, emphasis, lists, quotes, links,
code) rendered by Python-Markdown with raw HTML turned off, so `<script>` typed by a person
shows as text; then bleach's cleaner, with linkify running *inside* it, keeps a short
allow-list and gives every link rel="nofollow ugc noopener".

`plain_text`: a statement kept as text (a contested citation): no markup survives.
"""

import html
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

COMMENT_TAGS = frozenset(
    {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
COMMENT_ATTRIBUTES = {"a": ["href", "title", "rel"]}
COMMENT_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _link_rel(attrs: dict, new: bool = False) -> dict:
    # Set on every link, the author's own and the ones linkify finds; a link the author
    # wrote with rel="..." gets ours instead.
    attrs[(None, "rel")] = LINK_REL
    return attrs


_comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS,
    attributes=COMMENT_ATTRIBUTES,
    protocols=COMMENT_PROTOCOLS,
    # Disallowed tags (headings, images, tables...) keep their text and lose their markup.
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_link_rel], skip_tags={"pre", "code"})],
)


def _comment_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "fenced_code"], output_format="html")
    # Raw HTML is escaped and shown as typed rather than passed through to the cleaner.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


# Python-Markdown scans from every "[" to its "]": unmatched or deeply nested brackets make
# it quadratic (5,000 "[" take seconds). Past this many, such brackets are escaped first.
BRACKETS_BEFORE_GUARD = 50
MAX_BRACKET_DEPTH = 2


def _guard_brackets(source: str) -> str:
    if source.count("[") <= BRACKETS_BEFORE_GUARD:
        return source
    kept: set[int] = set()
    open_positions: list[int] = []
    for position, character in enumerate(source):
        if character == "[":
            open_positions.append(position)
        elif character == "]" and open_positions:
            start = open_positions.pop()
            if len(open_positions) < MAX_BRACKET_DEPTH:
                kept.add(start)
    return "".join(
        "\\[" if character == "[" and position not in kept else character
        for position, character in enumerate(source)
    )


def _plain_paragraphs(source: str) -> str:
    paragraphs = (part.strip() for part in source.split("\n\n"))
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs if part)


def render_comment_markdown(source: str) -> str:
    """HTML for a comment's Markdown source, safe to serve as stored."""
    try:
        # A Markdown instance keeps state between documents; a fresh one per call is cheap.
        rendered = _comment_markdown().convert(_guard_brackets(source))
    except RecursionError:
        # Pathological nesting (a thousand list markers on one line): show the text as typed.
        rendered = _plain_paragraphs(source)
    return _comment_cleaner.clean(rendered)


def plain_text(source: str) -> str:
    """A short statement people type, as plain text: markup and control characters dropped
    (newlines kept), runs of blank lines folded. Templates escape it on output."""
    stripped = html.unescape(bleach.clean(source or "", tags=set(), strip=True))
    kept = "".join(ch for ch in stripped if ch in "\n\t" or ch.isprintable())
    lines = [" ".join(line.split()) for line in kept.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line).strip()

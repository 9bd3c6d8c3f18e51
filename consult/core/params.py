"""Integers read from a query string or a form by hand, where a Django form would be more
ceremony than the value deserves (a page number, a comment id)."""


def int_or(raw: object, default: int | None = None) -> int | None:
    """`raw` as an int, or `default` when it is missing or is not a whole number.

    Neither str.isdigit() nor int() alone is a check: "²" passes the first and fails the
    second, and int() refuses more than 4,300 digits. Range is the caller's business (a page
    number is clamped to the pages there are; an id past the database's integers finds no
    row).
    """
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default

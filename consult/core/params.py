"""Integers read from a query string, a form or a path by hand, where a Django form would be
more ceremony than the value deserves (a page number, a comment id)."""

# The widest integer column, on SQLite and PostgreSQL alike.
LARGEST_STORED_INT = 2**63 - 1


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


def storable(number: int) -> bool:
    """Whether an integer column can hold `number`: the `int` path converter takes any
    digits, and a query given a larger one overflows (SQLite) where Django does not check
    its range first (a lookup through a relation, such as a page's link to its Page)."""
    return -LARGEST_STORED_INT - 1 <= number <= LARGEST_STORED_INT

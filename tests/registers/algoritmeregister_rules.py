"""A validator that walks the Algoritmeregister standard's own rules (standards/
algoritmeregister_v1_0_0.json): every field's type, length, number of items, permitted values,
allowed HTML tags, and whether it is required."""

import json
import re
from pathlib import Path

STANDARD = json.loads(
    (Path(__file__).parent / "standards" / "algoritmeregister_v1_0_0.json").read_text()
)
RULES = STANDARD["AlgorithmIn"]["properties"]
TAG = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")


def _is_required(rule: dict) -> bool:
    # The standard writes one `required` as the string "false".
    return rule.get("required") is True


def _string_problems(path: str, value, rule: dict) -> list[str]:
    if not isinstance(value, str):
        return [f"{path}: not a string"]
    problems = []
    if "max_length" in rule and len(value) > rule["max_length"]:
        problems.append(f"{path}: {len(value)} characters, at most {rule['max_length']}")
    allowed = set(rule.get("allowed_html_tags", ()))
    if tags := {tag.lower() for tag in TAG.findall(value)} - allowed:
        problems.append(f"{path}: HTML tags {sorted(tags)} not allowed")
    return problems


def _field_problems(path: str, value, rule: dict, permitted) -> list[str]:
    kind = rule["type"]
    if kind == "enum":
        return [] if value in permitted else [f"{path}: {value!r} not in {permitted}"]
    if kind == "string":
        return _string_problems(path, value, rule)
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        problems = []
        if "max_items" in rule and len(value) > rule["max_items"]:
            problems.append(f"{path}: {len(value)} items, at most {rule['max_items']}")
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if permitted is not None and item not in permitted:
                problems.append(f"{item_path}: {item!r} not permitted")
            if "items" in rule:
                if not isinstance(item, dict) or set(item) - set(rule["items"]):
                    problems.append(f"{item_path}: fields beyond {sorted(rule['items'])}")
                    continue
                for key, item_rule in rule["items"].items():
                    if key in item:
                        problems += _field_problems(
                            f"{item_path}.{key}", item[key], item_rule, None
                        )
        return problems
    return [f"{path}: unknown type {kind!r} in the standard"]


def problems(record: dict, *, permitted_overrides: dict | None = None) -> list[str]:
    """Everything in `record` the standard refuses. `permitted_overrides` replaces a field's
    permitted values, for the one rule we depart from on purpose (`lang`, docs/registers.md)."""
    overrides = permitted_overrides or {}
    found = [f"{key}: not a field of the standard" for key in record if key not in RULES]
    for key, rule in RULES.items():
        if key not in record or record[key] in ("", None, []):
            if _is_required(rule):
                found.append(f"{key}: required")
            continue
        permitted = overrides.get(key, rule.get("permitted_values"))
        found += _field_problems(key, record[key], rule, permitted)
    return found

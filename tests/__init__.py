"""A regular package: as a namespace package, `tests` lost to any installed distribution that
ships its own top-level `tests` (textstat 0.7.13 does), and no conftest could import."""

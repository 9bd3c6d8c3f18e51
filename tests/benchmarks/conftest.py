# Benchmarks run with `make bench` against a real server, never under pytest.
collect_ignore_glob = ["*.py"]

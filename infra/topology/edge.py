"""infra/nginx.conf as a given site runs it: the lines marked `# site: <what>` replaced, every
other line as the file has it, so what the tests and the topology run is the file itself."""

import getpass
import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EDGE = ROOT / "infra" / "nginx.conf"
MARK = re.compile(r"^(\s*).*#\s*site:\s*(.+?)\s*$")


def site_config(values: dict[str, list[str]]) -> str:
    """The file with each marked line replaced by `values[what]` (directives, without the
    semicolon; an empty list drops the line). Every mark must be given a value, and every
    value must find its mark: the file and its users cannot drift apart unnoticed."""
    lines, used = [], set()
    for line in EDGE.read_text().splitlines():
        found = MARK.match(line)
        if found is None:
            lines.append(line)
            continue
        indent, what = found.groups()
        if what not in values:
            raise KeyError(f"infra/nginx.conf marks {what!r}, which the caller did not set")
        used.add(what)
        lines += [f"{indent}{directive};" for directive in values[what]]
    if unused := set(values) - used:
        raise KeyError(f"infra/nginx.conf has no line marked {sorted(unused)}")
    return "\n".join(lines) + "\n"


def local_site(
    *, upstreams: list[str], port: int, plain_port: int, directory: Path, var: Path
) -> dict[str, list[str]]:
    """Values for a site on 127.0.0.1: a self-signed certificate made in `directory`, the
    static and media files under `var`."""
    certificate, key = self_signed(directory)
    return {
        "web processes": [f"server {address} max_fails=1 fail_timeout=5s" for address in upstreams],
        "plain listen": [f"listen 127.0.0.1:{plain_port}"],
        "plain listen v6": [],
        "server name": ["server_name 127.0.0.1"],
        "TLS listen": [f"listen 127.0.0.1:{port} ssl http2"],
        "TLS listen v6": [],
        "certificate": [f"ssl_certificate {certificate}"],
        "key": [f"ssl_certificate_key {key}"],
        "static parent": [f"root {var}"],
        "media parent": [f"root {var}"],
    }


def self_signed(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "edge.crt", directory / "edge.key"
    if not certificate.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(certificate)],
            check=True, capture_output=True,
        )  # fmt: skip
    return certificate, key


def nginx_main(site: str, directory: Path, *, worker_connections: int = 1024) -> Path:
    """A whole nginx.conf around `site`, running as this user with its files in `directory`."""
    temp = {name: directory / name for name in ("client", "proxy", "fastcgi", "uwsgi", "scgi")}
    main = directory / "nginx.conf"
    (directory / "consult.conf").write_text(site)
    # Started by root, nginx's workers would run as nobody, who cannot read a test's private
    # temporary folder: they run as whoever started it.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    main.write_text(
        f"""daemon off;
{user}
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "nginx-error.log"} warn;
events {{ worker_connections {worker_connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp["client"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {directory / "consult.conf"};
}}
"""
    )
    return main

"""Log lines keep no secrets: keys in paths, query strings, or the client's address.

allauth puts one-time keys in paths (/accounts/confirm-email/<key>/,
/accounts/password/reset/key/<uid>-<key>/), and any query string may carry a token. Whoever
reads the logs must not be able to confirm an address or reset a password with them.
"""

import logging
import re

REDACTED = "[redacted]"
SECRET_SEGMENTS = re.compile(r"(/(?:confirm-email|password/reset/key)/)[^/\s\"'?]+")
QUERY_STRING = re.compile(r"(/[^\s\"'?]*)\?[^\s\"']*")
# uvicorn's access records: (client address, method, path with query, HTTP version, status).
UVICORN_ACCESS_ARGS = 5


def redact(text: str) -> str:
    text = SECRET_SEGMENTS.sub(rf"\1{REDACTED}", text)
    return QUERY_STRING.sub(rf"\1?{REDACTED}", text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and len(record.args or ()) == UVICORN_ACCESS_ARGS:
            _client, method, path, version, status = record.args
            record.args = ("-", method, redact(str(path)), version, status)
            return True
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True

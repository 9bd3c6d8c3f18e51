"""Our own official-AIA results files (aia_files/, README there) and how to upload them."""

import json
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

FILES = Path(__file__).with_name("aia_files")
ONE_RAW_POINT = {"riskProfile3": "item1-1"}
ANOTHER_RAW_POINT = {"aboutAlgorithm5": "item2-1"}
ONE_MITIGATION_POINT = {"fairnessDesign1": "item1-1"}


def results_file(name: str, **extra_answers) -> bytes:
    """The file `name`, with `extra_answers` added to its answers."""
    saved = json.loads((FILES / name).read_text(encoding="utf-8"))
    saved["data"].update(extra_answers)
    return json.dumps(saved).encode()


def upload(content: bytes, name: str = "AIA Results.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")

"""What the discussion tells the apps built on it. Apps above it (the opinion groups) connect
from their AppConfig.ready(), so the discussion never imports them. Every argument is
`consultation_id`."""

from django.dispatch import Signal

# A reaction was added, changed or taken back, after its write committed.
reaction_recorded = Signal()
# Comments left or joined what an automated analysis of the consultation may read.
analysis_consent_changed = Signal()

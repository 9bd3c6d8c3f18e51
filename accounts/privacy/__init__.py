"""Participants own their data: the My data page, export, consent, deletion and the record
of who looked behind their pseudonym (issue 7)."""

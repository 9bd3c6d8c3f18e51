"""What the live layer tells apps above it: every change of a comment passes through
`publish.comment_changed`, so apps that keep something derived from a comment's text (the
outcomes' embeddings) connect here from their AppConfig.ready() instead of each service
remembering to call them. Sent inside the write's transaction: receivers defer their work
to its commit."""

from django.dispatch import Signal

# comment_id, consultation_id, kind (created, edited, removed, held, hidden, approved, restored)
comment_changed = Signal()

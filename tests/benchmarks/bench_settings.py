"""Settings for the benchmark server: the project's own, with six differences that keep
a benchmark from touching anyone else's data, being refused for going fast, or doing in a
request what production leaves to a worker.

The middleware, templates, database engine and cache backend are the project's, unchanged.
"""

from config.settings import *  # noqa: F403
from config.settings import ACCOUNT_RATE_LIMITS, CACHES, TASK_BACKENDS

# The bare view is routed only here, never in the project's URLconf.
ROOT_URLCONF = "bench_urls"

# A Redis shared with a development server must not mix the two sites' cached page trees.
CACHES = {**CACHES, "default": {**CACHES["default"], "KEY_PREFIX": "consult-bench"}}

# The benchmark posts hundreds of reactions a second from a few participants: the limits
# are still counted on every write, only never reached.
CONSULT_RATE_LIMITS = dict.fromkeys(
    ("comment", "comment_edit", "position", "reaction", "response", "flag"), "1000000/m"
)

# signup_timing signs up 66 times in a minute or two from one address.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "signup": "1000000/m/ip"}

# Comments' embeddings are a worker's task in production; with the development's immediate
# tasks backend they would run inside the benchmark's posting requests, which production's
# never do. tests/benchmarks/theme_suggestions.py measures the embedding itself.
CONSULT_COMMENT_EMBEDDINGS = False

# Every task is a worker's in production, queued by the database backend. With the
# development's immediate backend the opinion groups' recomputation, due after every
# thousand reactions on the seeded consultation, ran inside the reaction that made it due:
# seconds of numpy in one request, a whole round of the `reaction` benchmark at a fifth of
# its rate. Here tasks are queued as in production, and no worker runs them.
TASKS = {"default": {"BACKEND": TASK_BACKENDS["database"]}}

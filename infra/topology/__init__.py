"""`make topology`: nginx in front of two uvicorn web hosts in network namespaces of their
own, a task worker, and a private PostgreSQL and Redis, under load and faults."""

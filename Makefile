# The two commands of the README: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# The settings read PORT for the links in mails (BASE_URL) and the demo logins print it.
export PORT

.PHONY: run test lint format install install-dev setup demo bench topology worker messages clean backup restore image

$(PY):
	"$$(sh infra/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

setup: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo_content

# No proxy in front: uvicorn must not take the client's address from X-Forwarded-For (it
# would from any local client by default), or varying that header escapes the rate limits.
# The scheduler (announcements, scheduled publishing, retention) runs beside the server and
# stops with it.
run: setup
	$(PY) manage.py run_scheduler & scheduler=$$!; trap 'kill $$scheduler' EXIT INT TERM; \
	$(PY) -m uvicorn config.asgi:application --host $(HOST) --port $(PORT) --ws-max-size 1048576 --no-server-header --no-proxy-headers

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# One worker per core, up to four (each holds a test database and, for the theme tests,
# the embedding model). Each worker takes tests in collection order, which pytest-django
# sorts as Django does (transactional tests, which empty the database, after the others);
# a file with a module-scoped fixture keeps its tests together (xdist_group).
# PYTEST_WORKERS=0 runs everything in this process.
PYTEST_WORKERS ?= auto
# pytest exits 5 when the selection (say, PYTEST_ARGS="-k something") matches no test:
# nothing failed, so neither does make.
test: lint
	$(PY) -m pytest -n $(PYTEST_WORKERS) --maxprocesses 4 --dist loadgroup $(PYTEST_ARGS) || { status=$$?; [ $$status -eq 5 ] && echo "pytest: no test selected" || exit $$status; }

# Requests per second against a real server, as ratios to a bare view (tests/benchmarks/run.py):
# on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, else SQLite.
bench: install
	$(PY) tests/benchmarks/run.py

# The deployment's shape under load and faults (infra/topology): nginx, two web hosts in
# network namespaces, the worker, a private PostgreSQL and Redis. Root; about four minutes.
topology: install
	$(PY) -m infra.topology

worker: install
	$(PY) manage.py db_worker

# Rebuild the French translations after changing strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l fr --ignore ".venv/*" --ignore "var/*"
	$(PY) manage.py compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# PostgreSQL (DATABASE_URL) and the media into var/backups/<time>/, or BACKUP=<directory>
# (infra/backup), and back:
#   make restore BACKUP=var/backups/<time>
backup:
	sh infra/backup $(BACKUP)

restore:
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=var/backups/<time>"; exit 2; }
	sh infra/restore "$(BACKUP)"

# The production image (infra/Containerfile). IMAGE_BASE=python:3.13-slim by default; where no
# registry is reachable, `sh infra/debian-base` makes a Debian one from Debian's packages:
#   make image IMAGE_BASE=localhost/consult-debian-base:trixie
IMAGE ?= consult:latest
IMAGE_BASE ?= python:3.13-slim
image:
	podman build --format=docker --build-arg BASE_IMAGE=$(IMAGE_BASE) -f infra/Containerfile -t $(IMAGE) .

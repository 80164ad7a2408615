# Gendan: the two set-up commands are `make run` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app webapp
PYTEST_ARGS ?=

.PHONY: run test install install-dev serve lint format translations check-translations clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load demo data on the first run, serve on port 5000 (all interfaces)
## make run HTTPS=1: the same over HTTPS with a self-signed certificate, so phones on the LAN
## get the offline features (service workers need a secure context)
HTTPS ?=
CERT_DIR ?= instance
ifeq ($(HTTPS),1)
RUN_TLS = --cert $(CERT_DIR)/dev-cert.pem --key $(CERT_DIR)/dev-key.pem
endif

run: install $(if $(filter 1,$(HTTPS)),$(CERT_DIR)/dev-cert.pem)
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) run --host 0.0.0.0 --port 5000 $(RUN_TLS)

# A self-signed certificate for trials on the factory LAN, valid for this machine's names and
# addresses; phones must accept it once (or install it) before the app can work offline.
$(CERT_DIR)/dev-cert.pem:
	mkdir -p $(CERT_DIR)
	openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=Gendan trial" \
		-keyout $(CERT_DIR)/dev-key.pem -out $@ \
		-addext "subjectAltName=DNS:localhost,DNS:$$(hostname),IP:127.0.0.1$$(for ip in $$(hostname -I 2>/dev/null); do printf ',IP:%s' $$ip; done)"

## make test: install the dev extras and run the whole suite
test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make translations: extract strings, update the catalogue, compile it
translations: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --ignore-dirs '.* __pycache__' --no-location --sort-output \
		--project Gendan -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations \
		--ignore-obsolete --no-fuzzy-matching
	$(BIN)/pybabel compile -d webapp/translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache

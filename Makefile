.PHONY: help install demo test lint format bench
help:  ## list the tasks
	@grep -E '^[a-z]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'
install:  ## create .venv and install SuppEQ with dev tools
	scripts/bootstrap
demo:  ## load demo data and serve the API on :8000
	scripts/demo
test:  ## run the tests on SQLite and PostgreSQL
	scripts/test
lint:  ## ruff check and format check
	.venv/bin/ruff check app training tests scripts && .venv/bin/ruff format --check app training tests scripts
format:  ## format the code
	.venv/bin/ruff format app training tests scripts

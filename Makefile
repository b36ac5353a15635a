# Two commands on a fresh machine: `make serve` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
HOST   ?= 127.0.0.1:8000
# Test-only npm packages (Nu Html Checker, axe-core), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)

export NO_MKDOCS_2_WARNING := 1

.PHONY: setup tools serve build check test lint bench lock schema clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更高版本")'
	@echo "==> 创建虚拟环境 $(VENV) 并安装锁定的依赖（首次约需 1 分钟）"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24,<27"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --prefer-binary -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's java runs vnu.jar.
tools: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "警告：没有 npm，HTML 校验和无障碍测试将跳过（CI 中会失败）"; exit 0; }; \
	echo "==> 安装测试工具（Nu Html Checker、axe-core）到 node_modules/" && \
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@

serve: setup
	@echo "==> 网站地址 http://$(HOST)/ （Ctrl+C 停止）"
	$(BIN)/mkdocs serve --strict -a $(HOST)

build: setup
	$(BIN)/mkdocs build --strict

check: setup
	$(BIN)/python -m orgkit check

lint: setup
	$(BIN)/ruff check scripts tests

schema: setup
	$(BIN)/python -m orgkit schema

test: setup tools
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m orgkit schema --check
	$(BIN)/python -m pytest

bench: setup
	@failed=""; for f in scripts/bench/bench_*.py; do echo "==> $$f"; $(BIN)/python $$f || failed="$$failed $$f"; done; \
	  if [ -n "$$failed" ]; then echo "未达标：$$failed"; exit 1; fi

# Re-resolve the newest allowed versions (no pre-releases) and rewrite the lock.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade "pip>=24,<27"
	.lock-venv/bin/python -m pip install --quiet --prefer-binary ".[test]" setuptools
	.lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v -e "^orgkit" -e "^pip==" > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache test-artifacts node_modules

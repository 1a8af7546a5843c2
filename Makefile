# phuluc — the two set-up commands of the README, and a few more.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEV ?= ../shared/corpus/dev

.PHONY: demo test system-deps score bench bench-ocr lint clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## demo: install phuluc and convert the sample programme (out/ct26-daknong.txt.json and .csv)
demo: $(BIN)/.installed
	$(BIN)/phuluc extract samples/ct26-daknong.txt -o out
	@echo "--- out/ct26-daknong.txt.csv (first lines)"
	@head -c 600 out/ct26-daknong.txt.csv; echo

## system-deps: LibreOffice (.doc) and Tesseract with Vietnamese (scans)
system-deps:
	bash .ci/system-deps.sh

## test: install everything and run the linter and the test suite
test: system-deps $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

## score: run phuluc over the dev corpus and score it against the gold files
score: $(BIN)/.installed
	../shared/tools/devscore $(BIN)/phuluc

## bench: whole processes against the plain libraries, and scale (see README, Performance)
# every benchmark runs even when one is over budget; the target fails if any was
# the package is byte-compiled first, as pip does for an installed wheel: an editable install
# under PYTHONDONTWRITEBYTECODE would otherwise compile ~70 modules in every process (~50 ms)
bench: $(BIN)/.installed
	@$(BIN)/python -m compileall -q phuluc extract normalize export
	@status=0; \
	$(BIN)/python benchmarks/bench_docx.py $(DEV) || status=1; \
	$(BIN)/python benchmarks/bench_pdf.py $(DEV) || status=1; \
	$(BIN)/python benchmarks/bench_ocr_speed.py $(DEV) || status=1; \
	$(BIN)/python benchmarks/bench_html.py $(DEV) || status=1; \
	$(BIN)/python benchmarks/bench_normalize.py || status=1; \
	$(BIN)/python benchmarks/bench_startup.py || status=1; \
	$(BIN)/python benchmarks/bench_scale.py || status=1; \
	exit $$status

clean:
	rm -rf out .pytest_cache

## bench-ocr: the scan bench (generated plans scanned at 150/200/300 dpi, degraded), score by variant, and OCR speed
bench-ocr: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_ocr.py $(BENCH_OCR_ARGS)

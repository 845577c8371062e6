# nnviz: make demo (build and run the whole tool on a bundled example) and make test.
SWIFT ?= swift
# What nnviz builds against (Cairo, Graphviz, zlib, fontconfig, OpenBLAS, HDF5, giflib: the -dev
# packages give the headers and bring the libraries, most of which nnviz opens only when needed) and
# draws with (DejaVu fonts).
BUILD_PACKAGES := libcairo2-dev libgraphviz-dev zlib1g-dev libfontconfig-dev pkg-config libopenblas-dev libhdf5-dev libgif-dev fonts-dejavu-core
# What the tests use besides: Chromium (the report's browser check), Python 3 (scripts/check-page.py)
# and pdfLaTeX (the LaTeX explanation compiles; without its many recommended packages).
TEST_PACKAGES := chromium python3
LATEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-fonts-recommended
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps test-deps build test demo bench fuzz clean

# Installs the Debian packages of the list given ($(1)) that are not installed yet, with apt-get's
# options $(2).
install = @missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(2) $$missing >/dev/null; \
	fi

deps:
	$(call install,$(BUILD_PACKAGES))

test-deps: deps
	$(call install,$(TEST_PACKAGES))
	$(call install,$(LATEX_PACKAGES),--no-install-recommends)

build: deps
	$(SWIFT) build -c release --product nnviz

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	./scripts/demo.sh

# The benchmarks of docs/performance.md, one line each: the three training jobs (release build of
# nnviz-bench), then a docs build of 100 pictures (scripts/docs-build-bench.sh). Instruction counts of
# single commands: scripts/callgrind-counts.sh (needs valgrind).
bench: build
	$(SWIFT) build -c release --product nnviz-bench
	for job in tiny iris wide; do "$$($(SWIFT) build -c release --show-bin-path)/nnviz-bench" $$job || exit 1; done
	./scripts/docs-build-bench.sh

# Runs nnviz's readers under libFuzzer, FUZZ_SECONDS each (docs/reliability.md has the last results).
FUZZ_SECONDS ?= 60
fuzz: deps
	./scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build demo-output

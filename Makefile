# nnviz: make demo (build and run the whole tool on a bundled example) and make test.
SWIFT ?= swift
APT_PACKAGES := libcairo2-dev libgraphviz-dev pkg-config libopenblas-dev fonts-dejavu-core chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test demo bench clean

# Installs the Debian packages nnviz links against (and Chromium for the report check) when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product nnviz

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	./scripts/demo.sh

# Builds the training benchmark in release mode and runs its three jobs (docs/performance.md compares them).
bench: deps
	$(SWIFT) build -c release --product nnviz-bench
	for job in tiny iris wide; do "$$($(SWIFT) build -c release --show-bin-path)/nnviz-bench" $$job || exit 1; done

clean:
	rm -rf .build demo-output

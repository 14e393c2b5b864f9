# The two commands the README opens with. scripts/setup.sh installs what is missing.
# Trunk finds binaryen's wasm-opt (installed from npm by scripts/setup.sh) on PATH.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(PATH)

.PHONY: serve test build bundle package browser-test bench fuzz

# The release build served compressed (brotli/gzip by Accept-Encoding) with the cache
# headers a documentation site should set (scripts/serve.mjs; README, "Embedding it").
serve:
	@scripts/setup.sh build
	trunk build --release
	@echo "Envelope Lab will be served at http://127.0.0.1:8080/"
	node scripts/serve.mjs --dir dist --address 127.0.0.1 --port 8080

test:
	@scripts/setup.sh test
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test
	$(MAKE) build
	$(MAKE) package COURSE=
	$(MAKE) browser-test

build:
	trunk build --release

# bundle/envelope-lab.html (one file, works from disk) and the SCORM packages
# bundle/envelope-lab-scorm.zip (2004 4th edition) and bundle/envelope-lab-scorm12.zip (1.2).
# COURSE=my-course.json chooses lessons, order, mastery score (see README).
bundle:
	@scripts/setup.sh build
	$(MAKE) build
	$(MAKE) package

package:
	node scripts/bundle.mjs $(if $(COURSE),--config $(COURSE))

browser-test:
	cd tests/browser && node --test --test-concurrency=1

bench:
	cargo bench

# The long fuzz run (README, "Fuzzing"): FUZZ_CASES inputs per target (default 20000) for
# the scenario decoder and runs, eval, lint, lesson files, the CloudFormation importer, the
# share link and saved work. `cargo test` runs the same harnesses briefly. The bench
# profile is optimised without the release profile's LTO (faster to build).
FUZZ_CASES ?= 20000
fuzz:
	FUZZ_CASES=$(FUZZ_CASES) cargo test --profile bench -p envelope-lab --test fuzz -- --nocapture
	FUZZ_CASES=$(FUZZ_CASES) cargo test --profile bench -p envelope-lab-web --test fuzz_web -- --nocapture

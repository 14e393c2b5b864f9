# The two commands the README opens with. scripts/setup.sh installs what is missing.
# Trunk finds binaryen's wasm-opt (installed from npm by scripts/setup.sh) on PATH.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(PATH)

.PHONY: serve test build browser-test bench

serve:
	@scripts/setup.sh build
	@echo "Envelope Lab will be served at http://127.0.0.1:8080/"
	trunk serve --release --address 127.0.0.1 --port 8080

test:
	@scripts/setup.sh test
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test
	$(MAKE) build
	$(MAKE) browser-test

build:
	trunk build --release

browser-test:
	cd tests/browser && node --test --test-concurrency=1

bench:
	cargo bench

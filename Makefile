# sgpay: `make demo`, `make test`, `make bench`, `make install PREFIX=...`, `make dist`.
# Each target installs what it lacks (Debian packages, cbindgen, Python packages).

CARGO ?= cargo
PREFIX ?= /usr/local
CBINDGEN_VERSION := 0.29.2
RELEASE := target/release
LIB := $(RELEASE)/libsgpay.so
SANDBOX := $(RELEASE)/sgpay-sandbox
CFLAGS_TEST := -std=c99 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -Iinclude -Iexamples/c
LDFLAGS_TEST := -L$(RELEASE) -Wl,-rpath,$(abspath $(RELEASE)) -lsgpay -lpthread
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

.PHONY: all build demo test bench install header deps lint test-header test-rust \
        test-c test-valgrind test-install test-python test-csharp fuzz clean windows test-windows \
        dist test-dist

all: build

deps:
	@tools/ensure-packages valgrind=valgrind openssl=openssl pkg-config=pkg-config postgresql
	@cbindgen --version 2>/dev/null | grep -qx "cbindgen $(CBINDGEN_VERSION)" || \
	  $(CARGO) install --quiet --locked cbindgen --version $(CBINDGEN_VERSION)

build:
	$(CARGO) build --release -p sgpay -p sgpay-sandbox -p sgpay-cli

$(RELEASE)/start_payment: examples/c/start_payment.c examples/c/json_scan.h examples/c/example_settings.h include/sgpay.h build
	$(CC) $(CFLAGS_TEST) $< $(LDFLAGS_TEST) -o $@

$(RELEASE)/pay_with_journal: examples/c/pay_with_journal.c examples/c/json_scan.h examples/c/example_settings.h include/sgpay.h build
	$(CC) $(CFLAGS_TEST) $< $(LDFLAGS_TEST) -o $@

demo: deps build $(RELEASE)/start_payment $(RELEASE)/pay_with_journal
	@echo "== C example against the sandbox"
	tools/with-sandbox $(RELEASE)/start_payment
	@echo "== C example: pay with the crash-safe journal, a killed sale and its recovery"
	tools/with-sandbox $(RELEASE)/pay_with_journal
	@echo "== Python example against the sandbox"
	tools/with-sandbox $(MAKE) --no-print-directory -C bindings/python demo
	@echo "== C# example against the sandbox"
	tools/with-sandbox $(MAKE) --no-print-directory -C bindings/csharp demo

test: deps lint test-header test-rust test-c test-valgrind test-install test-python test-csharp \
      test-windows test-dist
	@echo "make test: every suite passed"

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --release --workspace --all-targets --quiet -- -D warnings

header:
	cbindgen --quiet --config cbindgen.toml --crate sgpay --output include/sgpay.h

test-header:
	@tmp=$$(mktemp) && cbindgen --quiet --config cbindgen.toml --crate sgpay --output $$tmp && \
	  if cmp -s $$tmp include/sgpay.h; then echo "include/sgpay.h is up to date"; rm -f $$tmp; \
	  else diff -u include/sgpay.h $$tmp | head -40; rm -f $$tmp; \
	       echo "include/sgpay.h is stale: run 'make header' and commit it"; exit 1; fi

# The journal suites run twice: on the SQLite file, then on PostgreSQL (a throwaway cluster
# each test process starts and removes, tests/common/postgres.rs).
test-rust: build
	$(CARGO) test --release --workspace
	SGPAY_TEST_JOURNAL=postgres $(CARGO) test --release --test journal_pay --test crash_recovery
	SGPAY_TEST_JOURNAL=postgres $(CARGO) test --release -p sgpay-cli --test payments

$(RELEASE)/c_tests: tests/c/*.c tests/c/*.h examples/c/json_scan.h examples/c/example_settings.h include/sgpay.h build
	$(CC) $(CFLAGS_TEST) -Itests/c tests/c/*.c $(LDFLAGS_TEST) -o $@

# The journal example runs as a test of the money it moves (tests/c/crash/, outside c_tests).
test-c: $(RELEASE)/c_tests $(RELEASE)/start_payment $(RELEASE)/pay_with_journal \
        tests/c/crash/pay_with_journal_test.c tests/c/support.c tests/c/harness.h
	$(CC) $(CFLAGS_TEST) -Itests/c tests/c/crash/pay_with_journal_test.c tests/c/support.c \
	  $(LDFLAGS_TEST) -o $(RELEASE)/pay_with_journal_test
	tools/with-sandbox $(RELEASE)/c_tests
	tools/with-sandbox $(RELEASE)/start_payment
	tools/with-sandbox $(RELEASE)/pay_with_journal_test $(RELEASE)/pay_with_journal

test-valgrind: $(RELEASE)/c_tests
	SGPAY_TEST_QUICK=1 tools/with-sandbox valgrind --leak-check=full \
	  --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	  --suppressions=tests/c/valgrind.supp --error-exitcode=1 $(RELEASE)/c_tests

# Installs into a scratch prefix and builds the example through pkg-config, as a user would.
test-install:
	@prefix=$$(mktemp -d) && trap 'rm -rf "$$prefix"' EXIT && \
	  $(MAKE) --no-print-directory install PREFIX=$$prefix >/dev/null && \
	  export PKG_CONFIG_PATH=$$prefix/lib/pkgconfig && \
	  $(CC) -std=c99 -D_DEFAULT_SOURCE -Iexamples/c examples/c/start_payment.c \
	    $$(pkg-config --cflags --libs sgpay) -Wl,-rpath,$$prefix/lib -o $$prefix/start_payment && \
	  tools/with-sandbox $$prefix/start_payment >/dev/null && \
	  echo "make install: library, header and sgpay.pc ($$(pkg-config --modversion sgpay)) work"

test-python: build
	$(MAKE) -C bindings/python test

test-csharp: build
	$(MAKE) -C bindings/csharp test

# sgpay.dll and sgpay.exe for Windows 7+ x64 and x86 into target/windows/ (see tools/windows/build).
windows:
	tools/windows/build

# The Windows DLLs and sgpay.exe checked, the C suites and the command run under Wine against
# the sandbox.
test-windows: build windows
	tools/windows/test

# Release artifacts into dist/ (tools/dist/build), from the libraries the targets above build.
dist: build windows
	$(MAKE) --no-print-directory -C bindings/csharp build/SgPay.dll
	tools/dist/build

test-dist: dist
	tools/dist/test

# The benchmark table into bench/results.md (bench/README.md); bench/Makefile also builds
# the Windows DLLs (`make windows`) and Wine for its Windows rows.
bench: deps build
	$(MAKE) -C bench run

fuzz:
	$(MAKE) -C fuzz run

install: build
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 0755 $(LIB) $(DESTDIR)$(PREFIX)/lib/libsgpay.so
	install -m 0644 $(RELEASE)/libsgpay.a $(DESTDIR)$(PREFIX)/lib/libsgpay.a
	install -m 0644 include/sgpay.h $(DESTDIR)$(PREFIX)/include/sgpay.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' sgpay.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/sgpay.pc

clean:
	$(CARGO) clean

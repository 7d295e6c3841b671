# scorebridge: a plain Makefile with pkg-config.
#   make            build build/scorebridge
#   make check      install what is missing, build, run every test (unit, ASan+UBSan, e2e, fuzz)
#   make demo       install, build, load a sandbox data set and start the server
#   make format     clang-format the tree; make check-format only checks
SHELL := /bin/bash
CC ?= cc
PKGS := libmicrohttpd jansson sqlite3 libsodium libcrypto libzip libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
CFLAGS_COMMON := -std=c17 -D_GNU_SOURCE $(WARN) -Isrc $(PKG_CFLAGS)
CFLAGS ?= -O2 -g
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC := $(shell find src -name '*.c' ! -path 'src/cli/main.c' | sort)
MAIN := src/cli/main.c
# web/ (HTML, CSS, JS) is compiled into the binary: scripts/embed-web writes it out as C,
# with the chart library's own minified file, installed by npm ci from web/package-lock.json
# (scripts/bootstrap runs it; so does this Makefile when it is missing).
WEB_FILES := $(shell find web -type f ! -path 'web/node_modules/*' ! -name 'package*.json' | sort)
CHART_JS := web/node_modules/chart.js/dist/chart.umd.min.js
# the /docs page's renderer (Swagger UI's dist files) and the OpenAPI document it shows
SWAGGER_DIR := web/node_modules/swagger-ui-dist
SWAGGER := $(SWAGGER_DIR)/swagger-ui-bundle.js $(SWAGGER_DIR)/swagger-ui.css
OPENAPI := docs/openapi.json
GEN_SRC := build/gen/web_assets.c
OBJ := $(SRC:%.c=build/obj/%.o) $(GEN_SRC:%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:%.c=build/asan/%.o) $(GEN_SRC:%.c=build/asan/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
UNIT_ASAN_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests-asan/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

.PHONY: all bootstrap check demo unit unit-asan fuzz e2e format check-format clean valgrind
all: build/scorebridge

bootstrap:
	@scripts/bootstrap

$(GEN_SRC): scripts/embed-web $(WEB_FILES) $(CHART_JS) $(SWAGGER) $(OPENAPI)
	@mkdir -p $(dir $@)
	@scripts/embed-web web $@ static/vendor/chart.umd.min.js=$(CHART_JS) \
	  static/vendor/swagger-ui-bundle.js=$(SWAGGER_DIR)/swagger-ui-bundle.js \
	  static/vendor/swagger-ui.css=$(SWAGGER_DIR)/swagger-ui.css openapi.json=$(OPENAPI)

$(CHART_JS) $(SWAGGER) &: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $(CHART_JS) $(SWAGGER)

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(CFLAGS) -MMD -MP -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -O1 -g $(SAN) -MMD -MP -c $< -o $@

build/libscorebridge.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

build/libscorebridge-asan.a: $(ASAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/scorebridge: build/obj/src/cli/main.o build/libscorebridge.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

build/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/libscorebridge.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -Wno-missing-prototypes -O0 -g -o $@ $< build/libscorebridge.a $(PKG_LIBS) -lcmocka

build/tests-asan/%: tests/unit/%.c $(wildcard tests/unit/*.h) build/libscorebridge-asan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -Wno-missing-prototypes -O1 -g $(SAN) -o $@ $< build/libscorebridge-asan.a $(PKG_LIBS) -lcmocka

# libFuzzer targets: clang, instrumented copies of the modules they reach.
build/fuzz/%: tests/fuzz/%.c $(SRC) $(GEN_SRC)
	@mkdir -p $(dir $@)
	clang $(CFLAGS_COMMON) -Wno-missing-prototypes -O1 -g -fsanitize=fuzzer,address,undefined -o $@ $< $(SRC) $(GEN_SRC) $(PKG_LIBS)

unit: $(UNIT_BIN)
unit-asan: $(UNIT_ASAN_BIN)
fuzz: $(FUZZ_BIN)

check: bootstrap
	@$(MAKE) --no-print-directory all unit unit-asan fuzz
	@scripts/run-tests

demo: bootstrap
	@$(MAKE) --no-print-directory all
	@scripts/demo

valgrind: unit
	@for t in $(UNIT_BIN); do valgrind -q --leak-check=full --error-exitcode=1 $$t >/dev/null || exit 1; done; echo "valgrind: clean"

format:
	clang-format -i $$(find src tests -name '*.[ch]')

check-format:
	clang-format --dry-run -Werror $$(find src tests -name '*.[ch]')

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) build/obj/src/cli/main.d

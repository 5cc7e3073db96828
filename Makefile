# Builds and installs the cohort binary. The workspace template is built into it, so the binary is all
# that `cohort init` needs: `make install PREFIX=$HOME/.local`.
PREFIX ?= /usr/local
CONFIGURATION ?= release
BIN_PATH ?= .build/$(CONFIGURATION)

.PHONY: build install install-built uninstall

build:
	swift build -c $(CONFIGURATION) --product cohort

install: build install-built

# Copies a binary built before (by `make build` or `swift build -c $(CONFIGURATION)`) without building.
install-built:
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 "$(BIN_PATH)/cohort" "$(DESTDIR)$(PREFIX)/bin/cohort"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/cohort"

# SPDX-License-Identifier: GPL-2.0
#
# containerctl: process containers through a device and netlink.
#
#   make             libctrl, ctrctl and the module for the running kernel
#                    (or KVER=<release> | KDIR=<tree>); installs and
#                    downloads nothing
#   make demo        set everything up, boot a VM, show what exists
#   make check       every test: host, checkpatch, in-VM on all kernels, KUnit
#   make lib         libctrl.a, libctrl.so.2 and libctrl.pc (build/libctrl/)
#   make ctrctl      the CLI (build/ctrctl/ctrctl)
#   make module      containerctl.ko in module/, for the running kernel or
#                    KVER=<release> | KDIR=<tree>
#   make tests       the library, the in-VM test programs and ctrctl (build/)
#   make modules     set-up, then containerctl.ko for every test kernel
#                    (build/KERNEL/)
#   make bench       containerctl against cgroup v2 and v1 and the proc
#                    connector in a Debian 6.12 VM, in BENCH_BOOTS boots
#                    (default 2), then where the time goes (ftrace) in one
#                    more: docs/benchmarks.md
#   make bench-plot  the ratios of the last make bench as a PNG (gnuplot)
#   make stress      the stress tests on the debug kernel for STRESS_SECONDS
#                    (default 600), then LOAD_CYCLES (100) load/unload
#                    cycles under single-threaded TCG
#   make fuzz        the ioctl and netlink fuzzer on the debug kernel:
#                    FUZZ_CALLS=N (default 1000000), FUZZ_SEED=S (replay)
#   make vm-shell KERNEL=debian-6.1|debian-6.12|debian-6.12-rt|debian-7.x|debug
#   make install     the library, headers, pkg-config file, man pages
#                    (install-lib) and, if built, the module for KVER
#                    (install-module); PREFIX, DESTDIR, LIBDIR, INCLUDEDIR,
#                    MANDIR
#   make install-ctrctl  ctrctl, its man page, bash completion, udev rule
#                    (part of make install)
#   make dkms-install    the module's sources under /usr/src, then dkms
#                    add, build and install (dkms-src: the copy alone)
#
# Set-up (packages with apt-get, Debian's kernels, the trixie chroot, the
# debug kernel) is `make deps` (tools/deps.sh); demo, check, check-loaded,
# bench, stress, fuzz, vm-shell and modules do it first. The build targets
# (all, lib, ctrctl, module, tests) never do: they use what is installed
# and say what is missing.

KERNELS := debian-6.1 debian-6.12 debian-6.12-rt debian-7.x debug
KERNEL ?= debian-6.12
PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
# The one version of the project (VERSION): ctrctl --version, the module's
# MODULE_VERSION, libctrl.pc, dkms.conf and the installed man pages.
VERSION := $(shell cat VERSION)
BINDIR ?= $(PREFIX)/bin
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UDEVDIR ?= /usr/lib/udev
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -std=gnu11
TEST_CFLAGS := $(CFLAGS) $(WARN) -Iuapi -Ilibctrl/include -Itests/vm/t
# libnl-3 and libnl-genl-3 (libctrl's events), linked statically. Expanded
# when used, after `make deps` has installed them.
NL_CFLAGS = $(shell pkg-config --cflags libnl-genl-3.0 2>/dev/null || echo -I/usr/include/libnl3)
NL_LIBS = $(shell pkg-config --static --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3 -lpthread)
# The same, linked dynamically, for libctrl.so.
NL_SHLIBS = $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)
TEST_LDFLAGS = -static -pthread $(NL_LIBS)
LIBCTRL_SRCS := $(wildcard libctrl/*.c)
LIBCTRL_HDRS := $(wildcard libctrl/include/containerctl/*.h)
LIBCTRL_OBJS := $(patsubst libctrl/%.c,build/libctrl/%.o,$(LIBCTRL_SRCS))
# The 32-bit libctrl has no events: there is no i386 libnl to link.
LIBCTRL32_OBJS := $(patsubst build/libctrl/%,build/libctrl32/%,$(filter-out build/libctrl/events.o,$(LIBCTRL_OBJS)))

VM_TEST_SRCS := $(wildcard tests/vm/t/*.c)
VM_TEST_BINS := $(patsubst tests/vm/t/%.c,build/tests/%,$(VM_TEST_SRCS))
# 32-bit builds of the tests that cover the whole ABI (compat_ptr_ioctl).
VM_TEST32_BINS := build/tests/20-ioctl-abi-m32 build/tests/21-abi-frozen-m32 \
	build/tests/26-kill-rules-m32 \
	build/tests/27-group-sources-m32 build/tests/30-core-m32
BENCH_SRCS := $(wildcard tests/bench/*.c)
BENCH_BINS := $(patsubst tests/bench/%.c,build/bench/%,$(BENCH_SRCS))

CTRCTL_SRCS := $(wildcard tools/ctrctl/*.c)
CTRCTL_HDRS := $(wildcard tools/ctrctl/*.h)
CTRCTL_OBJS := $(patsubst tools/ctrctl/%.c,build/ctrctl/%.o,$(CTRCTL_SRCS))

all: lib ctrctl module

deps:
	@sh tools/deps.sh

# SETUP=1 (set by the targets that set up): the builds run `make deps` first.
SETUP_DEPS := $(if $(SETUP),deps)

# The packages a build needs, checked with pkg-config: one line naming the
# Debian package of each missing one.
have-%: | $(SETUP_DEPS)
	@pkg-config --exists $(PKG_$*) || { \
		echo "make: $(PKG_$*) not found: install $(DEB_$*) (or run make deps)" >&2; \
		exit 1; }
PKG_libnl := libnl-genl-3.0
DEB_libnl := libnl-genl-3-dev
PKG_smartcols := smartcols
DEB_smartcols := libsmartcols-dev

debug-kernel: deps
	@sh tools/build-debug-kernel.sh

# The module, in place (module/containerctl.ko): for KVER or KDIR, else
# for the running kernel if its headers are installed; else one line says
# which package would give them, and the rest of the build goes on.
ifneq ($(KVER)$(KDIR),)
module:
	$(MAKE) -C module $(if $(KVER),KVER=$(KVER)) $(if $(KDIR),KDIR=$(KDIR))
else
module:
	@kv=$$(uname -r); \
	if [ -e /lib/modules/$$kv/build/Makefile ]; then \
		$(MAKE) -C module KVER=$$kv; \
	else \
		echo "make module: no headers for the running kernel $$kv: install linux-headers-$$kv (or make module KDIR=<kernel tree>)"; \
	fi
endif

# Every test kernel, into build/KERNEL/, two at a time (each Kbuild run is
# mostly serial); xargs exits non-zero if any of them fails. '+': Kbuild
# shares make's job slots.
modules: debug-kernel
	+@printf '%s\n' $(KERNELS) | xargs -P $(JOBS) -n 1 sh tools/build-module.sh

# libctrl: libctrl.a (the test programs and ctrctl link it statically) and
# libctrl.so.2 from the same position-independent objects, its exports
# limited to libctrl/libctrl.map (version LIBCTRL_2).
LIBCTRL_SONAME := libctrl.so.2
LIBCTRL_REALNAME := libctrl.so.2.0.0
LIBCTRL_SO := build/libctrl/$(LIBCTRL_REALNAME)

# The library and ctrctl need a C compiler, pkg-config and the development
# files of libnl (and libsmartcols for ctrctl); nothing else of make deps.

lib: build/libctrl/libctrl.a $(LIBCTRL_SO) build/libctrl/$(LIBCTRL_SONAME) \
	build/libctrl/libctrl.so

build/libctrl/%.o: libctrl/%.c $(LIBCTRL_HDRS) uapi/linux/containerctl.h | $(SETUP_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -fPIC -Iuapi -Ilibctrl/include -c -o $@ $<

build/libctrl/events.o: libctrl/events.c $(LIBCTRL_HDRS) uapi/linux/containerctl.h | $(SETUP_DEPS) have-libnl
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -fPIC -Iuapi -Ilibctrl/include $(NL_CFLAGS) -c -o $@ $<

build/libctrl/libctrl.a: $(LIBCTRL_OBJS)
	rm -f $@
	ar rcs $@ $^

$(LIBCTRL_SO): $(LIBCTRL_OBJS) libctrl/libctrl.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(LIBCTRL_SONAME) \
		-Wl,--version-script=libctrl/libctrl.map -Wl,-z,defs \
		-o $@ $(LIBCTRL_OBJS) $(NL_SHLIBS)

build/libctrl/$(LIBCTRL_SONAME) build/libctrl/libctrl.so: $(LIBCTRL_SO)
	ln -sf $(LIBCTRL_REALNAME) $@

build/libctrl32/%.o: libctrl/%.c $(LIBCTRL_HDRS) uapi/linux/containerctl.h | $(SETUP_DEPS)
	@mkdir -p $(@D)
	$(CC) -m32 $(CFLAGS) $(WARN) -Iuapi -Ilibctrl/include -c -o $@ $<

build/libctrl32/libctrl.a: $(LIBCTRL32_OBJS)
	rm -f $@
	ar rcs $@ $^

# Statically linked test programs and ctrctl, copied into every VM's
# initramfs.
tests: lib $(VM_TEST_BINS) $(VM_TEST32_BINS) build/ctrctl/ctrctl \
	build/examples/example $(BENCH_BINS)

build/tests/%-m32: tests/vm/t/%.c $(wildcard tests/vm/t/*.h) build/libctrl32/libctrl.a | $(SETUP_DEPS)
	@mkdir -p $(@D)
	$(CC) -m32 $(TEST_CFLAGS) -o $@ $< build/libctrl32/libctrl.a -static -pthread

build/tests/%: tests/vm/t/%.c $(wildcard tests/vm/t/*.h) $(LIBCTRL_HDRS) build/libctrl/libctrl.a | $(SETUP_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(NL_CFLAGS) -o $@ $< build/libctrl/libctrl.a $(TEST_LDFLAGS)

# libctrl(7)'s example program, run in the VMs by tests/vm/t/44-example.sh.
build/examples/%: libctrl/examples/%.c $(LIBCTRL_HDRS) build/libctrl/libctrl.a | $(SETUP_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -Iuapi -Ilibctrl/include -o $@ $< \
		build/libctrl/libctrl.a $(TEST_LDFLAGS)

build/bench/%: tests/bench/%.c $(wildcard tests/bench/*.h) tests/vm/t/ctrtest.h $(LIBCTRL_HDRS) build/libctrl/libctrl.a | $(SETUP_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -o $@ $< build/libctrl/libctrl.a $(TEST_LDFLAGS)

# Benchmarks against cgroup v2 and v1 and the proc connector, in one
# Debian 6.12 VM boot, repeated in BENCH_BOOTS boots (default 2: the
# report says how far they agree), then the single-threaded tables that
# decide a goal again in BENCH_COUNT_BOOTS counted boots (default 2: one
# vCPU under QEMU's -icount, the clock counting instructions), then the
# profiles (where the time goes, ftrace's function_graph) in one more under
# single-threaded TCG; the console logs become docs/benchmarks.md and
# build/bench/ratios.dat, which bench-plot draws (build/bench/ratios.png).
BENCH_BOOTS ?= 2
BENCH_COUNT_BOOTS ?= 2
bench:
	@$(MAKE) --no-print-directory SETUP=1 tests
	@sh tools/build-module.sh debian-6.12
	@rm -f build/debian-6.12/console-bench-all.log
	@for i in $$(seq 1 $(BENCH_BOOTS)); do \
		sh tests/vm/run.sh bench debian-6.12 || exit 1; \
		cat build/debian-6.12/console-bench.log >>build/debian-6.12/console-bench-all.log; \
	done
	@for i in $$(seq 1 $(BENCH_COUNT_BOOTS)); do \
		sh tests/vm/run.sh count debian-6.12 || exit 1; \
		cat build/debian-6.12/console-count.log >>build/debian-6.12/console-bench-all.log; \
	done
	@sh tests/vm/run.sh profile debian-6.12
	@cat build/debian-6.12/console-profile.log >>build/debian-6.12/console-bench-all.log
	@sh tools/bench-report.sh build/debian-6.12/console-bench-all.log \
		docs/benchmarks.md build/bench/ratios.dat

bench-plot:
	@sh tools/deps.sh gnuplot-nox
	@sh tools/bench-plot.sh build/bench/ratios.dat build/bench/ratios.png

# Stress on the debug kernel (KASAN, lockdep, kmemleak): tests/vm/t/60-stress
# for STRESS_SECONDS in one boot, then LOAD_CYCLES load/unload cycles
# (61-load-stress) in another, with the tracepoint sites patched at every
# load and unload, under single-threaded TCG: QEMU's multi-threaded TCG
# executes stale int3s of the kernel's cross-modifying text patching
# (docs/testing.md).
STRESS_SECONDS ?= 600
LOAD_CYCLES ?= 100
stress:
	@$(MAKE) --no-print-directory SETUP=1 tests
	@sh tools/build-debug-kernel.sh
	@sh tools/build-module.sh debug
	@STRESS_SECONDS=$(STRESS_SECONDS) sh tests/vm/run.sh stress debug
	@CTRVM_TCG=single CTRVM_LOAD_PIN=0 CTRVM_LOAD_CYCLES=$(LOAD_CYCLES) \
		sh tests/vm/run.sh load debug

# The fuzzer (tests/vm/t/70-fuzz) alone, in one debug-kernel VM
# (KASAN, lockdep, kmemleak, panic_on_warn): FUZZ_CALLS calls from
# FUZZ_SEED (default: from the clock; the seed is printed first).
FUZZ_CALLS ?= 1000000
FUZZ_SEED ?=
fuzz:
	@$(MAKE) --no-print-directory SETUP=1 tests
	@sh tools/build-debug-kernel.sh
	@sh tools/build-module.sh debug
	@CTRVM_FUZZ_CALLS=$(FUZZ_CALLS) CTRVM_FUZZ_SEED=$(FUZZ_SEED) \
		sh tests/vm/run.sh fuzz debug

# ctrctl, the CLI: libctrl linked in statically, the system's libsmartcols
# and libnl dynamically (Debian ships no libsmartcols.a). tests/vm/run.sh
# copies the shared libraries it needs into the VM; `make install-ctrctl`
# installs this same binary.
SCOLS_CFLAGS = $(shell pkg-config --cflags smartcols 2>/dev/null || echo -I/usr/include/libsmartcols)
SCOLS_LIBS = $(shell pkg-config --libs smartcols 2>/dev/null || echo -lsmartcols)
NL_DYN_LIBS = $(shell pkg-config --libs libnl-genl-3.0 2>/dev/null || echo -lnl-genl-3 -lnl-3)
ctrctl: build/ctrctl/ctrctl

build/ctrctl/%.o: tools/ctrctl/%.c $(CTRCTL_HDRS) $(LIBCTRL_HDRS) uapi/linux/containerctl.h VERSION | $(SETUP_DEPS) have-smartcols
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WARN) -Iuapi -Ilibctrl/include $(SCOLS_CFLAGS) \
		-DCTRCTL_VERSION='"$(VERSION)"' -c -o $@ $<

build/ctrctl/ctrctl: $(CTRCTL_OBJS) build/libctrl/libctrl.a
	$(CC) $(CFLAGS) -o $@ $(CTRCTL_OBJS) build/libctrl/libctrl.a $(SCOLS_LIBS) $(NL_DYN_LIBS) -pthread

# The builds run $(JOBS) jobs at a time (the machine's CPUs by default).
check:
	@$(MAKE) --no-print-directory SETUP=1 -j$(JOBS) modules tests
	@sh tests/check.sh

# make check RUNS times in a row beside `stress-ng --cpu 2` (LOAD=...
# overrides): timing independence, shown (tools/check-loaded.sh).
RUNS ?= 10
check-loaded:
	@sh tools/check-loaded.sh $(RUNS)

demo:
	@$(MAKE) --no-print-directory SETUP=1 tests
	@sh tools/build-module.sh debian-6.12
	@sh tests/vm/run.sh demo debian-6.12

vm-shell:
	@$(MAKE) --no-print-directory SETUP=1 tests
	@if [ "$(KERNEL)" = debug ]; then sh tools/build-debug-kernel.sh; fi
	@sh tools/build-module.sh $(KERNEL)
	@sh tests/vm/run.sh shell $(KERNEL)

# Installing what was built (make lib, make module KVER=<release>): no
# install target builds, so that `sudo make install` compiles nothing as
# root. `make install` is every part: install-lib (the library, its
# headers, the uapi header, libctrl.pc, the manual pages) and, when it is
# built, install-module; install-ctrctl (the CLI, its manual page, bash
# completion and udev rule). DESTDIR (a package tree) is honoured
# throughout; ldconfig and depmod run only without it.
install: install-lib install-ctrctl install-module-if-built

# The man pages say "@VERSION@" where the version goes.
MAN_VERSION = sed 's|@VERSION@|$(VERSION)|g'

# libctrl.pc: LIBDIR and INCLUDEDIR relative to ${prefix} when under it,
# so that pkg-config --define-prefix can relocate an unpacked tree.
PC_LIBDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

# libctrl/man/: a page per function, a link page (".so man3/PAGE.3") for
# each function a page documents with others.
install-lib:
	@test -e $(LIBCTRL_SO) || { \
		echo "make install-lib: build first with make lib" >&2; exit 1; }
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR)/containerctl $(DESTDIR)$(INCLUDEDIR)/linux \
		$(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 0755 $(LIBCTRL_SO) $(DESTDIR)$(LIBDIR)/$(LIBCTRL_REALNAME)
	ln -sf $(LIBCTRL_REALNAME) $(DESTDIR)$(LIBDIR)/$(LIBCTRL_SONAME)
	ln -sf $(LIBCTRL_SONAME) $(DESTDIR)$(LIBDIR)/libctrl.so
	install -m 0644 build/libctrl/libctrl.a $(DESTDIR)$(LIBDIR)/libctrl.a
	install -m 0644 $(LIBCTRL_HDRS) $(DESTDIR)$(INCLUDEDIR)/containerctl/
	install -m 0644 uapi/linux/containerctl.h $(DESTDIR)$(INCLUDEDIR)/linux/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(PC_LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|g' \
		-e 's|@VERSION@|$(VERSION)|g' libctrl/libctrl.pc.in \
		>$(DESTDIR)$(LIBDIR)/pkgconfig/libctrl.pc
	chmod 0644 $(DESTDIR)$(LIBDIR)/pkgconfig/libctrl.pc
	@for f in libctrl/man/*.3 libctrl/man/*.7; do \
		d=$(DESTDIR)$(MANDIR)/man$${f##*.}/$${f##*/}; \
		echo "install $$f $$d"; \
		$(MAN_VERSION) $$f >$$d && chmod 0644 $$d || exit 1; \
	done
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null; then \
		echo ldconfig; ldconfig; fi

# The module, built in place by make module KVER=<release> (or KDIR=).
install-module:
	@test -e module/containerctl.ko || { \
		echo "make install-module: build first with make module KVER=<release>" >&2; \
		exit 1; }
	install -D -m 0644 module/containerctl.ko \
		$(DESTDIR)/lib/modules/$(or $(KVER),$(shell uname -r))/extra/containerctl.ko
	@if [ -z "$(DESTDIR)" ]; then \
		echo depmod -a $(or $(KVER),$(shell uname -r)); \
		depmod -a $(or $(KVER),$(shell uname -r)); fi

install-module-if-built:
	@if [ -e module/containerctl.ko ]; then \
		$(MAKE) --no-print-directory install-module; \
	else \
		echo "make install: module/containerctl.ko not built: module not installed" \
			"(make module KVER=<release>, then make install-module)"; \
	fi

# ctrctl as built for the VMs (libctrl inside, libsmartcols and libnl
# shared), its man page, bash completion and udev rule.
install-ctrctl: build/ctrctl/ctrctl
	install -D -m 0755 build/ctrctl/ctrctl $(DESTDIR)$(BINDIR)/ctrctl
	install -d $(DESTDIR)$(MANDIR)/man8
	$(MAN_VERSION) man/ctrctl.8 >$(DESTDIR)$(MANDIR)/man8/ctrctl.8
	chmod 0644 $(DESTDIR)$(MANDIR)/man8/ctrctl.8
	install -D -m 0644 completion/ctrctl $(DESTDIR)$(BASHCOMPDIR)/ctrctl
	install -D -m 0644 udev/60-containerctl.rules \
		$(DESTDIR)$(UDEVDIR)/rules.d/60-containerctl.rules

# The module's sources for DKMS: module/ (no build products), uapi/ and
# dkms.conf under /usr/src/containerctl-VERSION.
DKMS_SRC = $(DESTDIR)/usr/src/containerctl-$(VERSION)
DKMS_FILES = $(filter-out module/%.mod.c module/probes.h,$(wildcard module/*.c module/*.h)) \
	module/Kbuild module/Makefile module/probe.sh
dkms-src:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/module/probes $(DKMS_SRC)/uapi/linux
	install -m 0644 $(DKMS_FILES) $(DKMS_SRC)/module/
	install -m 0644 module/probes/*.c $(DKMS_SRC)/module/probes/
	install -m 0644 uapi/linux/containerctl.h $(DKMS_SRC)/uapi/linux/
	install -m 0644 VERSION $(DKMS_SRC)/VERSION
	sed 's|@VERSION@|$(VERSION)|g' dkms.conf.in >$(DKMS_SRC)/dkms.conf
	chmod 0644 $(DKMS_SRC)/dkms.conf

# Registers, builds and installs for the running kernel (and, AUTOINSTALL,
# for every kernel installed later). Not with DESTDIR: dkms acts on /.
dkms-install: dkms-src
	@if [ -n "$(DESTDIR)" ]; then \
		echo "dkms-install: DESTDIR set, sources copied, dkms not run"; \
	else \
		dkms remove -m containerctl -v $(VERSION) --all 2>/dev/null || true; \
		dkms add -m containerctl -v $(VERSION) && \
		dkms build -m containerctl -v $(VERSION) && \
		dkms install -m containerctl -v $(VERSION); \
	fi

clean:
	rm -rf build
	rm -f module/*.o module/*.ko module/*.mod* module/.*.cmd module/probes.h* \
		module/Module.symvers module/modules.order

.PHONY: all deps debug-kernel module modules lib tests ctrctl bench bench-plot stress fuzz check check-loaded demo vm-shell install \
	install-lib install-module install-module-if-built install-ctrctl \
	dkms-src dkms-install clean

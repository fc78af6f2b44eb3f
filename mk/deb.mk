# The Debian package (debian/) and the version it carries.
#
#   make deb-test      build the packages from a copy of the tree with
#                      dpkg-buildpackage -us -uc -b (build dependencies
#                      installed with apt-get when root), check them with
#                      blhc, hardening-check and lintian, unpack them into a
#                      scratch root and use them there (tests/deb/run.sh,
#                      tests/deb/installed.sh); output in $(B)/deb.  Not part
#                      of make check.
#   make version-test  the version of include/flame.h is the one of
#                      debian/changelog, CHANGELOG.md and the symbols file
#                      (tests/deb/versions.sh); part of make test

.PHONY: deb-test version-test

# deps first: svgcheck needs the build dependencies of a fresh machine.
deb-test: DEPS_FOR = build
deb-test: deps
	$(Q)$(MAKE) --no-print-directory $(B)/tests/svgcheck
	$(Q)sh tests/deb/run.sh $(B)

version-test:
	$(Q)sh tests/deb/versions.sh

EXTRA_TESTS += version-test

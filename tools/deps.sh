#!/bin/sh
# Install what libflame needs, from Debian's packages, when it is missing.
# usage: tools/deps.sh [build|test|deb]   (test adds what the test suite
# needs, deb what make deb-test needs to build and check the Debian packages)
# Runs apt-get as root (or through sudo); otherwise says what to install.
set -u
what=${1:-build}

need_pkgs=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
need() { need_pkgs="$need_pkgs $1"; }

command -v cc >/dev/null 2>&1 || need gcc
command -v make >/dev/null 2>&1 || need make
command -v pkg-config >/dev/null 2>&1 || need pkg-config
have_pc cairo || need libcairo2-dev
have_pc pangocairo || need libpango1.0-dev
have_pc libxml-2.0 || need libxml2-dev
have_pc libpcre2-8 || need libpcre2-dev
have_pc libxxhash || need libxxhash-dev
have_pc yajl || need libyajl-dev
fc-list 2>/dev/null | grep -q . || need fonts-dejavu-core
if [ "$what" = test ]; then
    have_pc check || need check
    command -v mandoc >/dev/null 2>&1 || need mandoc
    command -v node >/dev/null 2>&1 || need nodejs
    command -v npm >/dev/null 2>&1 || need npm
    [ -x /usr/bin/chromium ] || need chromium
    [ -x /usr/bin/firefox-esr ] || need firefox-esr
    command -v pdfinfo >/dev/null 2>&1 || need poppler-utils
    command -v zsh >/dev/null 2>&1 || need zsh
fi
if [ "$what" = deb ]; then
    command -v dpkg-buildpackage >/dev/null 2>&1 || need dpkg-dev
    command -v dh >/dev/null 2>&1 || need debhelper
    command -v lintian >/dev/null 2>&1 || need lintian
    command -v blhc >/dev/null 2>&1 || need blhc
    command -v hardening-check >/dev/null 2>&1 || need devscripts
    command -v git >/dev/null 2>&1 || need git
fi

if [ -n "$need_pkgs" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        sudo=""
    elif command -v sudo >/dev/null 2>&1; then
        sudo="sudo"
    else
        echo "libflame needs these Debian packages:$need_pkgs" >&2
        echo "Install them as root: apt-get install$need_pkgs" >&2
        exit 1
    fi
    echo "installing:$need_pkgs"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null &&
        # shellcheck disable=SC2086
        $sudo apt-get install -y -qq --no-install-recommends $need_pkgs >/dev/null || {
        echo "apt-get could not install:$need_pkgs" >&2
        exit 1
    }
fi
exit 0

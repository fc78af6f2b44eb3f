# Shell completions (completions/cflamegraph.bash, completions/_cflamegraph),
# installed by make install (BASHCOMPDIR, ZSHCOMPDIR in the Makefile).
#
#   make completion-test   drive the bash completion in a non-interactive
#                          bash and the zsh one in an interactive zsh on a
#                          pseudo-terminal; check both against --help and
#                          their values against the program
#                          (tests/completion/check.sh); part of make test

.PHONY: completion-test

completion-test: $(CLI)
	$(Q)bash tests/completion/check.sh $(CLI)

EXTRA_TESTS += completion-test

/*
 * rusage.c - run one command and report its wall time and peak RSS, for
 * bench/run.sh.  POSIX (Linux, the BSDs, macOS); no other dependencies.
 *
 *   rusage [-i IN] [-o OUT] [-r REPORT] -- COMMAND [ARG...]
 *
 * Standard input comes from IN (default /dev/null), standard output goes
 * to OUT (default /dev/null).  When the command has ended, one line
 *
 *   WALL_SECONDS PEAK_RSS_KB STATUS
 *
 * is written to REPORT (default: standard error): wall time from
 * CLOCK_MONOTONIC around fork/exec/wait, peak resident set size of the
 * command's process from wait4() (ru_maxrss; kilobytes on Linux and the
 * BSDs, bytes on macOS, converted), and the exit status (128+N if killed by
 * signal N).  rusage exits with the command's status, 127 if it could not
 * be started.
 */
#define _DEFAULT_SOURCE
#define _DARWIN_C_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
    fputs("usage: rusage [-i IN] [-o OUT] [-r REPORT] -- COMMAND [ARG...]\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *in = "/dev/null", *out = "/dev/null", *report = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) { i++; break; }
        if (i + 1 >= argc) usage();
        if (strcmp(argv[i], "-i") == 0) in = argv[++i];
        else if (strcmp(argv[i], "-o") == 0) out = argv[++i];
        else if (strcmp(argv[i], "-r") == 0) report = argv[++i];
        else usage();
    }
    if (i >= argc) usage();

    int fdin = open(in, O_RDONLY);
    if (fdin < 0) { fprintf(stderr, "rusage: %s: %s\n", in, strerror(errno)); return 127; }
    int fdout = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fdout < 0) { fprintf(stderr, "rusage: %s: %s\n", out, strerror(errno)); return 127; }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) { perror("rusage: fork"); return 127; }
    if (pid == 0) {
        if (dup2(fdin, 0) < 0 || dup2(fdout, 1) < 0) _exit(127);
        close(fdin);
        close(fdout);
        execvp(argv[i], argv + i);
        fprintf(stderr, "rusage: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    close(fdin);
    close(fdout);

    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) { perror("rusage: wait4"); return 127; }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    long rss_kb = ru.ru_maxrss;
#ifdef __APPLE__
    rss_kb /= 1024;
#endif
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 127;

    FILE *f = report ? fopen(report, "w") : stderr;
    if (!f) { fprintf(stderr, "rusage: %s: %s\n", report, strerror(errno)); return 127; }
    fprintf(f, "%.6f %ld %d\n", wall, rss_kb, code);
    if (report && fclose(f) != 0) return 127;
    return code;
}

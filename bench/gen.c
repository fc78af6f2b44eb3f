/*
 * gen.c - deterministic generator of realistic folded-stack input for the
 * cflamegraph benchmark (bench/run.sh).  Plain C99, no dependencies.
 *
 *   gen KIND [--seed N] [--stats] > file
 *
 * KIND is one of: large, medium, medium-shuffled, medium-diff, deep, wide
 * (see bench/README.md).  The output depends only on KIND and the seed.
 * With --stats nothing is written; instead the generated lines are parsed
 * back and their statistics (bytes, lines, depths, distinct frame names,
 * sortedness, distinctness) are printed to stdout.
 *
 * The sorted kinds are produced already in byte order (what `LC_ALL=C sort`
 * gives) without a sort pass: the stacks are emitted as a depth-first walk of
 * a random trie.  Each line keeps a prefix of the previous line and continues
 * it with a frame that sorts after the frame it replaces.  That is only
 * enough if no frame name is a proper prefix of a sibling name followed by a
 * byte that sorts before ';' (such as "foo" / "foo2" or "f()" / "f() const"),
 * because then the lines of the two siblings interleave; the name pool is
 * therefore built free of such pairs.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- PRNG */

/* xoshiro256** seeded through splitmix64: fast, well distributed, and the
 * same sequence on every platform. */
typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Independent streams for independent concerns, so that e.g. medium-diff
 * has exactly medium's stacks and counts. */
enum { STREAM_NAMES = 1, STREAM_SHAPE, STREAM_COUNTS, STREAM_DIFF, STREAM_SHUFFLE };

static void rng_seed(rng_t *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static double rng_unit(rng_t *r) /* [0, 1) */
{
    return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_unit_open(rng_t *r) /* (0, 1] */
{
    return ((double)(rng_next(r) >> 11) + 1.0) * (1.0 / 9007199254740992.0);
}

static uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static int rng_chance(rng_t *r, double p) { return rng_unit(r) < p; }

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* ------------------------------------------------------------ utilities */

static void die(const char *msg)
{
    fprintf(stderr, "gen: %s\n", msg);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* A small string builder for making names. */
typedef struct { char b[1024]; size_t n; } sb_t;

static void sb_add(sb_t *s, const char *t)
{
    size_t l = strlen(t);
    if (s->n + l >= sizeof(s->b)) l = sizeof(s->b) - 1 - s->n;
    memcpy(s->b + s->n, t, l);
    s->n += l;
    s->b[s->n] = 0;
}

static void sb_addf_uint(sb_t *s, unsigned v)
{
    char t[16];
    snprintf(t, sizeof t, "%u", v);
    sb_add(s, t);
}

static void sb_add_cap(sb_t *s, const char *t) /* Capitalised word */
{
    char w[64];
    snprintf(w, sizeof w, "%s", t);
    if (w[0] >= 'a' && w[0] <= 'z') w[0] = (char)(w[0] - 'a' + 'A');
    sb_add(s, w);
}

/* --------------------------------------------------------- word lists */

static const char *const java_roots[] = {
    "org/apache/kafka", "org/apache/kafka/common", "org/apache/kafka/clients",
    "org/apache/kafka/streams", "org/apache/kafka/storage/internals",
    "kafka/server", "kafka/log", "kafka/network", "java/util/concurrent",
    "java/util/concurrent/locks", "java/lang", "java/util", "java/io", "java/nio",
    "io/netty/channel", "io/netty/util/concurrent", "io/netty/buffer",
    "com/fasterxml/jackson/databind", "com/fasterxml/jackson/core",
    "org/springframework/web/servlet", "org/springframework/beans/factory",
    "org/eclipse/jetty/server", "org/eclipse/jetty/util/thread", "sun/nio/ch",
    "jdk/internal/misc", "org/apache/lucene/index", "org/apache/lucene/search",
    "com/google/common/collect", "scala/collection/immutable",
    "org/apache/spark/sql/execution", "org/apache/hadoop/hdfs",
    "org/elasticsearch/action/search", "com/zaxxer/hikari/pool",
};
static const char *const pkg_words[] = {
    "network", "internals", "record", "utils", "producer", "consumer",
    "processor", "state", "metrics", "protocol", "requests", "security",
    "serialization", "compress", "storage", "log", "server", "coordinator",
    "handler", "codec", "buffer", "epoll", "nio", "stream", "core", "deser",
    "ser", "impl", "runtime", "query", "exec", "memory", "io", "cache",
    "group", "admin", "raft", "controller", "quota", "replica", "authorizer",
    "transaction", "join", "window", "aggregate", "support", "concurrent",
};
static const char *const class_words[] = {
    "Abstract", "Default", "Kafka", "Record", "Batch", "Selector", "Channel",
    "Buffer", "Pool", "Network", "Client", "Producer", "Consumer", "Fetcher",
    "Sender", "Accumulator", "Handler", "Context", "Pipeline", "Event", "Loop",
    "Executor", "Thread", "Task", "Future", "Stream", "Reader", "Writer",
    "Serializer", "Deserializer", "Bean", "Factory", "Manager", "Coordinator",
    "Processor", "Index", "Segment", "Log", "Cleaner", "Request", "Response",
    "Map", "Hash", "Concurrent", "Linked", "Blocking", "Queue", "Node", "Tree",
    "Iterator", "Codec", "Decoder", "Encoder", "Compressor", "Lz4", "Zstd",
    "Gzip", "Crc32C", "Socket", "Transport", "Server", "Connector", "Session",
    "Metadata", "Partition", "Replica", "Leader", "Fetch", "Offset", "Topic",
    "Group", "Member", "Assignor", "State", "Store", "Window", "Cache",
    "Aggregate", "Join", "Source", "Sink", "Memory", "Records", "File",
    "Delayed", "Operation", "Purgatory", "Timer", "Wheel", "Reentrant", "Lock",
    "Condition", "Sync", "Queued", "Array", "List", "Set", "Optional",
};
static const char *const verbs[] = {
    "get", "set", "read", "write", "poll", "send", "handle", "process", "apply",
    "run", "call", "invoke", "compute", "put", "remove", "append", "flush",
    "close", "open", "validate", "encode", "decode", "serialize",
    "deserialize", "update", "try", "maybe", "complete", "await", "accept",
    "visit", "build", "create", "parse", "convert", "iterate", "next", "lookup",
    "resolve", "transform", "compare", "hash", "equals", "copy", "allocate",
    "release", "register", "select", "dispatch", "fire", "notify", "wait",
    "park", "unpark", "submit", "execute", "schedule", "drain", "fill",
    "fetch", "commit", "abort", "retry", "init", "load", "store", "scan",
    "find", "insert", "delete", "merge", "split", "emit", "check", "ensure",
};
static const char *const nouns[] = {
    "record", "records", "batch", "buffer", "bytes", "key", "value", "offset",
    "partition", "metadata", "response", "request", "channel", "selection",
    "keys", "task", "state", "node", "entry", "header", "headers", "index",
    "segment", "log", "message", "event", "future", "lock", "queue",
    "connection", "session", "timeout", "size", "capacity", "checksum",
    "internal", "unsafe", "locked", "async", "sync", "all", "pending",
    "ready", "completed", "frame", "page", "block", "row", "column", "tuple",
    "plan", "expr", "token", "file", "path", "socket", "packet", "chunk",
};
static const char *const cpp_ns[] = {
    "myapp", "myapp::db", "myapp::net", "myapp::storage::detail", "rocksdb",
    "rocksdb::port", "llvm", "llvm::detail", "v8::internal",
    "v8::internal::compiler", "google::protobuf::internal", "tensorflow",
    "grpc_core", "mongo", "mongo::repl", "DB", "folly", "folly::detail",
    "absl::lts_20230125::container_internal", "boost::asio::detail",
    "boost::beast::http", "envoy::Network", "envoy::Http", "clickhouse",
    "G1", "HotSpot", "",
};
static const char *const cpp_types[] = {
    "int", "long", "unsigned long", "char", "double", "bool", "unsigned int",
    "std::string", "rocksdb::Slice", "myapp::Row", "void*", "char const*",
    "std::basic_string<char, std::char_traits<char>, std::allocator<char> >",
    "std::shared_ptr<myapp::Session>", "std::pair<int const, std::string>",
    "std::unique_ptr<DB::IColumn, std::default_delete<DB::IColumn> >",
    "llvm::Value", "v8::internal::Object", "grpc_core::RefCountedPtr<grpc_core::Subchannel>",
    "std::chrono::duration<long, std::ratio<1l, 1000000000l> >",
};
static const char *const cpp_containers[] = {
    "std::vector<%T, std::allocator<%T> >",
    "std::deque<%T, std::allocator<%T> >",
    "std::__cxx11::list<%T, std::allocator<%T> >",
    "std::unordered_map<%T, %U, std::hash<%T>, std::equal_to<%T>, std::allocator<std::pair<%T const, %U> > >",
    "std::map<%T, %U, std::less<%T>, std::allocator<std::pair<%T const, %U> > >",
    "std::_Hashtable<%T, std::pair<%T const, %U>, std::allocator<std::pair<%T const, %U> >, std::__detail::_Select1st, std::equal_to<%T>, std::hash<%T>, std::__detail::_Mod_range_hashing, std::__detail::_Default_ranged_hash, std::__detail::_Prime_rehash_policy, std::__detail::_Hashtable_traits<true, false, true> >",
    "std::_Function_handler<void (%T), %U>",
    "std::__shared_ptr<%T, (__gnu_cxx::_Lock_policy)2>",
    "absl::lts_20230125::flat_hash_map<%T, %U>",
};
static const char *const cpp_methods[] = {
    "push_back", "emplace_back", "_M_realloc_insert", "operator[]",
    "operator()", "find", "insert", "_M_emplace", "_M_invoke", "reserve",
    "_M_rehash", "at", "erase", "_M_insert_unique_node", "clear",
    "_M_dispose", "_M_release", "~__shared_ptr", "resize", "_M_default_append",
};
static const char *const py_pkgs[] = {
    "django", "django/db/models", "django/core/handlers", "numpy/core",
    "pandas/core", "pandas/core/internals", "requests", "urllib3", "torch/nn/modules",
    "sqlalchemy/orm", "sqlalchemy/engine", "flask", "werkzeug", "jinja2",
    "asyncio", "concurrent/futures", "json", "email", "http", "celery/app",
    "pydantic", "myapp", "myapp/services", "myapp/api/v2", "botocore",
    "google/protobuf/internal", "grpc/_channel", "gunicorn/workers",
};
static const char *const py_special[] = {
    "<module>", "__init__", "__call__", "<lambda>", "<listcomp>",
    "<genexpr>", "__getattr__", "__enter__", "__exit__", "wrapper", "inner",
    "_wrapped_view", "run_until_complete", "_run_once", "_bootstrap_inner",
};
static const char *const c_prefixes[] = {
    "ngx_http", "ngx_event", "ngx_http_upstream", "sqlite3Vdbe", "je", "tc",
    "g", "pthread", "__libc", "_dl", "ZSTD", "LZ4", "inflate", "deflate",
    "png", "SSL", "EVP", "CRYPTO", "ev", "uv", "curl", "Curl", "redis",
    "lua", "Py", "_Py", "PyEval", "PyObject", "heap", "exec", "ExecScan",
    "btree", "hash", "pq", "Postgres", "XLog", "Lock", "Buffer", "smgr",
    "mdread", "index", "tuplesort", "palloc", "MemoryContext",
};
static const char *const c_fixed[] = {
    "memcpy", "memmove", "memset", "__memcpy_avx_unaligned_erms",
    "__memmove_avx_unaligned_erms", "__memset_avx2_unaligned_erms", "malloc",
    "free", "_int_malloc", "_int_free", "calloc", "realloc", "start_thread",
    "clone3", "__libc_start_main", "__libc_start_call_main", "_start",
    "pthread_cond_wait@@GLIBC_2.3.2", "pthread_mutex_lock@@GLIBC_2.2.5",
    "__pthread_mutex_unlock_usercnt", "__GI___poll", "__GI___libc_read",
    "__GI___libc_write", "__lll_lock_wait", "[unknown]", "[libc.so.6]",
    "[libjvm.so]", "[vdso]", "__strlen_avx2", "__strcmp_avx2",
    "thread_native_entry(Thread*)", "JavaThread::run()",
    "JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)",
    "Interpreter", "call_stub", "vtable stub", "itable stub",
};
static const char *const kernel_prefixes[] = {
    "__x64_sys", "do", "__do", "tcp", "ip", "net", "sock", "vfs", "ext4", "xfs",
    "blk_mq", "nvme", "page", "handle_mm", "__handle_mm", "schedule",
    "__schedule", "rcu", "irq", "__softirqentry", "napi", "sk", "skb", "copy",
    "futex", "ep", "epoll", "security", "apparmor", "mutex", "rwsem",
    "queued_spin", "finish_task", "try_to_wake_up", "hrtimer", "tick",
    "native", "asm", "entry_SYSCALL_64", "exit_to_user_mode", "syscall",
    "__sys", "ksys", "filemap", "generic_file", "iomap", "bio", "submit",
    "kmem_cache", "__alloc_pages", "get_page_from_freelist", "clear_page",
    "lru", "mem_cgroup", "audit", "seccomp", "inet", "__dev_queue",
};

/* Thread / process names: the first frame of every stack.  The second
 * element is the category most of the stack's frames come from. */
enum { CAT_JAVA, CAT_CPP, CAT_PY, CAT_C, CAT_KERNEL, NCAT };
/* Pool sizes per category: 50,000 names in all. */
static const uint32_t cat_target[NCAT] = { 20000, 12000, 8000, 5000, 5000 };

struct root { const char *name; int cat; double weight; };
static const struct root roots_def[] = {
    { "C1 CompilerThread0", CAT_CPP, 0.6 },
    { "C2 CompilerThread0", CAT_CPP, 1.5 },
    { "C2 CompilerThread1", CAT_CPP, 0.9 },
    { "G1 Conc#0", CAT_CPP, 0.4 },
    { "GC Thread#0", CAT_CPP, 1.0 },
    { "GC Thread#1", CAT_CPP, 0.9 },
    { "ReplicaFetcherThread-0-2", CAT_JAVA, 2.0 },
    { "VM Thread", CAT_CPP, 0.3 },
    { "celery", CAT_PY, 1.2 },
    { "clickhouse-serv", CAT_CPP, 2.5 },
    { "data-plane-kafka-request-handler-0", CAT_JAVA, 4.0 },
    { "data-plane-kafka-request-handler-1", CAT_JAVA, 3.5 },
    { "envoy", CAT_CPP, 1.5 },
    { "gunicorn", CAT_PY, 3.0 },
    { "java", CAT_JAVA, 6.0 },
    { "kafka-log-cleaner-thread-0", CAT_JAVA, 1.0 },
    { "kafka-network-thread-1-ListenerName(PLAINTEXT)-PLAINTEXT-0", CAT_JAVA, 3.0 },
    { "ksoftirqd/0", CAT_KERNEL, 0.4 },
    { "kworker/3:1-events", CAT_KERNEL, 0.3 },
    { "mysqld", CAT_CPP, 2.0 },
    { "nginx", CAT_C, 1.5 },
    { "postgres", CAT_C, 2.0 },
    { "python3", CAT_PY, 2.5 },
    { "redis-server", CAT_C, 0.8 },
    { "swapper", CAT_KERNEL, 0.5 },
};
#define NROOTS (sizeof roots_def / sizeof roots_def[0])

/* ------------------------------------------------------ the name pool */

typedef struct {
    char *s;
    uint32_t len;
    uint8_t cat;
    uint32_t srank; /* position in byte order among all pool names */
    uint32_t gen;   /* generation order within the category = popularity */
    int dead;
} name_t;

static name_t *names;
static uint32_t nnames, names_cap;
/* per category: name ids by popularity (Zipf rank) and in byte order */
static uint32_t *cat_pop[NCAT], *cat_sorted[NCAT], cat_n[NCAT];
static double *cat_cdf[NCAT];

static void make_java(rng_t *r, sb_t *s)
{
    sb_add(s, PICK(r, java_roots));
    for (uint32_t i = rng_below(r, 2); i > 0; i--) { sb_add(s, "/"); sb_add(s, PICK(r, pkg_words)); }
    sb_add(s, "/");
    for (uint32_t i = 1 + rng_below(r, 3); i > 0; i--) sb_add(s, PICK(r, class_words));
    if (rng_chance(r, 0.15)) { sb_add(s, "$"); sb_add(s, PICK(r, class_words)); }
    sb_add(s, ".");
    if (rng_chance(r, 0.05)) {
        sb_add(s, "lambda$"); sb_add(s, PICK(r, verbs)); sb_add(s, "$");
        sb_addf_uint(s, rng_below(r, 12));
    } else {
        sb_add(s, PICK(r, verbs));
        for (uint32_t i = rng_below(r, 3); i > 0; i--) sb_add_cap(s, PICK(r, nouns));
    }
    double u = rng_unit(r);
    sb_add(s, u < 0.75 ? "_[j]" : u < 0.9 ? "_[i]" : "");
}

static void cpp_type(rng_t *r, sb_t *s)
{
    const char *t = PICK(r, cpp_types), *u = PICK(r, cpp_types);
    if (rng_chance(r, 0.12)) { /* a container of a type */
        const char *c = PICK(r, cpp_containers);
        for (; *c; c++) {
            if (c[0] == '%' && (c[1] == 'T' || c[1] == 'U')) { sb_add(s, c[1] == 'T' ? t : u); c++; }
            else { char ch[2] = { *c, 0 }; sb_add(s, ch); }
        }
    } else {
        sb_add(s, t);
    }
}

static void make_cpp(rng_t *r, sb_t *s)
{
    if (rng_chance(r, 0.15)) {
        cpp_type(r, s);
        sb_add(s, "::");
        sb_add(s, PICK(r, cpp_methods));
    } else {
        const char *ns = PICK(r, cpp_ns);
        if (*ns) { sb_add(s, ns); sb_add(s, "::"); }
        for (uint32_t i = 1 + rng_below(r, 2); i > 0; i--) sb_add(s, PICK(r, class_words));
        if (rng_chance(r, 0.2)) { sb_add(s, "<"); cpp_type(r, s); sb_add(s, ">"); }
        sb_add(s, "::");
        if (rng_chance(r, 0.5)) { /* camelCase */
            sb_add(s, PICK(r, verbs));
            for (uint32_t i = rng_below(r, 3); i > 0; i--) sb_add_cap(s, PICK(r, nouns));
        } else {                 /* snake_case */
            sb_add(s, PICK(r, verbs));
            for (uint32_t i = rng_below(r, 3); i > 0; i--) { sb_add(s, "_"); sb_add(s, PICK(r, nouns)); }
        }
    }
    sb_add(s, "(");
    for (uint32_t i = 0, n = rng_below(r, 3); i < n; i++) {
        if (i) sb_add(s, ", ");
        cpp_type(r, s);
        double u = rng_unit(r);
        sb_add(s, u < 0.3 ? " const&" : u < 0.5 ? "*" : u < 0.6 ? "&" : u < 0.65 ? "&&" : "");
    }
    sb_add(s, ")");
    if (rng_chance(r, 0.25)) sb_add(s, " const");
}

static void make_py(rng_t *r, sb_t *s)
{
    if (rng_chance(r, 0.15)) {
        sb_add(s, PICK(r, py_special));
    } else {
        sb_add(s, PICK(r, verbs));
        for (uint32_t i = rng_below(r, 3); i > 0; i--) { sb_add(s, "_"); sb_add(s, PICK(r, nouns)); }
    }
    double u = rng_unit(r);
    sb_add(s, u < 0.4 ? " (/usr/lib/python3.11/" : u < 0.8 ? " (/usr/lib/python3/dist-packages/" : " (/app/");
    sb_add(s, PICK(r, py_pkgs));
    sb_add(s, "/");
    sb_add(s, PICK(r, nouns));
    if (rng_chance(r, 0.4)) { sb_add(s, "_"); sb_add(s, PICK(r, pkg_words)); }
    sb_add(s, ".py:");
    sb_addf_uint(s, 1 + rng_below(r, 2400));
    sb_add(s, ")");
}

static void make_c(rng_t *r, sb_t *s)
{
    if (rng_chance(r, 0.01)) { sb_add(s, PICK(r, c_fixed)); return; }
    sb_add(s, PICK(r, c_prefixes));
    for (uint32_t i = 1 + rng_below(r, 3); i > 0; i--) { sb_add(s, "_"); sb_add(s, rng_chance(r, 0.5) ? PICK(r, verbs) : PICK(r, nouns)); }
    double u = rng_unit(r);
    sb_add(s, u < 0.05 ? ".isra.0" : u < 0.08 ? ".constprop.0" : u < 0.1 ? ".part.0" : "");
}

static void make_kernel(rng_t *r, sb_t *s)
{
    sb_add(s, PICK(r, kernel_prefixes));
    for (uint32_t i = 1 + rng_below(r, 2); i > 0; i--) { sb_add(s, "_"); sb_add(s, rng_chance(r, 0.5) ? PICK(r, verbs) : PICK(r, nouns)); }
    sb_add(s, "_[k]");
}

/* Open-addressing string set, used for deduplication and for --stats. */
typedef struct { const char **slot; uint32_t *len; size_t cap, n; } strset_t;

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)p[i]; h *= 1099511628211ULL; }
    return h ^ (h >> 29);
}

static void strset_init(strset_t *t, size_t cap)
{
    t->cap = cap; t->n = 0;
    t->slot = calloc(cap, sizeof *t->slot);
    t->len = calloc(cap, sizeof *t->len);
    if (!t->slot || !t->len) die("out of memory");
}

/* Returns 1 if newly added (p must then stay valid), 0 if present. */
static int strset_add(strset_t *t, const char *p, uint32_t n, int copy)
{
    if (2 * (t->n + 1) > t->cap) {
        strset_t u;
        strset_init(&u, t->cap * 2);
        for (size_t i = 0; i < t->cap; i++)
            if (t->slot[i]) strset_add(&u, t->slot[i], t->len[i], 0);
        free(t->slot); free(t->len);
        *t = u;
    }
    size_t i = hash_bytes(p, n) & (t->cap - 1);
    while (t->slot[i]) {
        if (t->len[i] == n && memcmp(t->slot[i], p, n) == 0) return 0;
        i = (i + 1) & (t->cap - 1);
    }
    if (copy) { char *c = xmalloc(n); memcpy(c, p, n); p = c; }
    t->slot[i] = p; t->len[i] = n; t->n++;
    return 1;
}

static int cmp_name_ptr(const void *a, const void *b)
{
    const name_t *x = &names[*(const uint32_t *)a], *y = &names[*(const uint32_t *)b];
    return strcmp(x->s, y->s);
}

static int cmp_u32_gen(const void *a, const void *b)
{
    const name_t *x = &names[*(const uint32_t *)a], *y = &names[*(const uint32_t *)b];
    return (x->gen > y->gen) - (x->gen < y->gen);
}

static int cmp_u32_srank(const void *a, const void *b)
{
    const name_t *x = &names[*(const uint32_t *)a], *y = &names[*(const uint32_t *)b];
    return (x->srank > y->srank) - (x->srank < y->srank);
}

static void build_pool(uint64_t seed, double zipf_s)
{
    rng_t r;
    rng_seed(&r, seed, STREAM_NAMES);
    strset_t seen;
    strset_init(&seen, 1 << 17);
    uint32_t made[NCAT] = { 0 };
    /* Make ~8% more than needed, so that names dropped for the prefix rule
     * can be replaced by the surplus. */
    for (int c = 0; c < NCAT; c++) {
        uint32_t want = cat_target[c] + cat_target[c] / 12 + 64, tries = 0;
        while (made[c] < want) {
            if (++tries > want * 50) die("cannot make enough distinct names");
            sb_t s; s.n = 0; s.b[0] = 0;
            switch (c) {
            case CAT_JAVA: make_java(&r, &s); break;
            case CAT_CPP: make_cpp(&r, &s); break;
            case CAT_PY: make_py(&r, &s); break;
            case CAT_C: make_c(&r, &s); break;
            default: make_kernel(&r, &s); break;
            }
            if (!strset_add(&seen, s.b, (uint32_t)s.n, 0 /* checked below */)) continue;
            if (nnames == names_cap) {
                names_cap = names_cap ? names_cap * 2 : 4096;
                names = xrealloc(names, names_cap * sizeof *names);
            }
            /* the set must own a stable copy: re-point it at our copy */
            char *copy = xstrdup(s.b);
            {
                size_t i = hash_bytes(s.b, s.n) & (seen.cap - 1);
                while (seen.slot[i] != s.b) i = (i + 1) & (seen.cap - 1);
                seen.slot[i] = copy;
            }
            name_t *nm = &names[nnames++];
            nm->s = copy; nm->len = (uint32_t)s.n; nm->cat = (uint8_t)c;
            nm->gen = made[c]++; nm->dead = 0; nm->srank = 0;
        }
    }
    free(seen.slot); free(seen.len);

    /* Drop every name that is a proper prefix of another name continued by a
     * byte below ';' (see the top of this file). */
    uint32_t *ord = xmalloc(nnames * sizeof *ord);
    for (uint32_t i = 0; i < nnames; i++) ord[i] = i;
    qsort(ord, nnames, sizeof *ord, cmp_name_ptr);
    for (uint32_t i = 0; i < nnames; i++) {
        const name_t *a = &names[ord[i]];
        for (uint32_t j = i + 1; j < nnames; j++) {
            const name_t *b = &names[ord[j]];
            if (b->len <= a->len || memcmp(a->s, b->s, a->len) != 0) break;
            if ((unsigned char)b->s[a->len] <= ';') { names[ord[i]].dead = 1; break; }
        }
    }
    /* Keep the first cat_target[c] survivors (in popularity order). */
    for (int c = 0; c < NCAT; c++) cat_n[c] = 0;
    for (uint32_t i = 0; i < nnames; i++) {
        name_t *nm = &names[i];
        if (nm->dead) continue;
        if (cat_n[nm->cat] < cat_target[nm->cat]) cat_n[nm->cat]++;
        else nm->dead = 1;
    }
    for (int c = 0; c < NCAT; c++)
        if (cat_n[c] != cat_target[c]) die("not enough names survived the prefix rule");
    /* byte-order ranks of the survivors */
    uint32_t rank = 0;
    for (uint32_t i = 0; i < nnames; i++)
        if (!names[ord[i]].dead) names[ord[i]].srank = rank++;
    for (int c = 0; c < NCAT; c++) {
        cat_pop[c] = xmalloc(cat_n[c] * sizeof(uint32_t));
        cat_sorted[c] = xmalloc(cat_n[c] * sizeof(uint32_t));
        uint32_t k = 0;
        for (uint32_t i = 0; i < nnames; i++)
            if (!names[i].dead && names[i].cat == c) cat_pop[c][k++] = i;
        qsort(cat_pop[c], k, sizeof(uint32_t), cmp_u32_gen);
        memcpy(cat_sorted[c], cat_pop[c], k * sizeof(uint32_t));
        qsort(cat_sorted[c], k, sizeof(uint32_t), cmp_u32_srank);
        /* Zipf(s) popularity: weight of rank i is 1 / (i+1)^s */
        cat_cdf[c] = xmalloc(k * sizeof(double));
        double sum = 0;
        for (uint32_t i = 0; i < k; i++) { sum += 1.0 / pow(i + 1.0, zipf_s); cat_cdf[c][i] = sum; }
        for (uint32_t i = 0; i < k; i++) cat_cdf[c][i] /= sum;
        cat_cdf[c][k - 1] = 1.0;
    }
    free(ord);
}

static uint32_t zipf_pick(rng_t *r, int c)
{
    double u = rng_unit(r);
    const double *cdf = cat_cdf[c];
    uint32_t lo = 0, hi = cat_n[c] - 1;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (cdf[mid] > u) hi = mid; else lo = mid + 1;
    }
    return cat_pop[c][lo];
}

/* ------------------------------------------------------------- output */

static char *obuf;
static size_t olen;
#define OBUF_SIZE (8u << 20)

static void out_flush(void)
{
    if (olen && fwrite(obuf, 1, olen, stdout) != olen) die("write error");
    olen = 0;
}

/* --stats state */
static int stats_mode;
static struct {
    uint64_t lines, bytes, frames, samples, samples2, maxdepth, mindepth, unsorted, dup, selfnodes;
    char *prev; size_t prevlen, prevcap;
    uint64_t depth_hist[10]; /* deciles of max depth */
    strset_t names;
    uint64_t namebytes;
} st;

static void stats_line(const char *p, size_t n)
{
    if (n == 0 || p[n - 1] != '\n') die("stats: line without newline");
    st.lines++;
    st.bytes += n;
    /* order and distinctness against the previous line (without '\n') */
    size_t m = n - 1;
    if (st.lines > 1) {
        size_t k = m < st.prevlen ? m : st.prevlen;
        int c = memcmp(st.prev, p, k);
        if (c == 0) c = (st.prevlen > m) - (st.prevlen < m);
        if (c > 0) st.unsorted++;
        if (c == 0) st.dup++;
    }
    if (m > st.prevcap) { st.prevcap = m * 2; st.prev = xrealloc(st.prev, st.prevcap); }
    memcpy(st.prev, p, m); st.prevlen = m;
    /* counts: one or two trailing numbers */
    size_t e = m;
    while (e > 0 && p[e - 1] != ' ') e--;
    if (e == 0) die("stats: no count");
    uint64_t c1 = strtoull(p + e, NULL, 10), c0 = 0;
    size_t stack_end = e - 1;
    size_t e2 = stack_end;
    while (e2 > 0 && p[e2 - 1] >= '0' && p[e2 - 1] <= '9') e2--;
    int two = e2 > 0 && e2 < stack_end && p[e2 - 1] == ' ' && memchr(p + e2, ';', stack_end - e2) == NULL;
    if (two) { c0 = strtoull(p + e2, NULL, 10); stack_end = e2 - 1; }
    st.samples += c1;
    st.samples2 += c0;
    uint64_t depth = 0;
    size_t s = 0;
    for (size_t i = 0; i <= stack_end; i++) {
        if (i == stack_end || p[i] == ';') {
            if (i == s) die("stats: empty frame");
            depth++;
            if (strset_add(&st.names, p + s, (uint32_t)(i - s), 1)) st.namebytes += i - s;
            s = i + 1;
        }
    }
    st.frames += depth;
    if (depth > st.maxdepth) st.maxdepth = depth;
    if (st.mindepth == 0 || depth < st.mindepth) st.mindepth = depth;
}

static void emit_line(const char *p, size_t n)
{
    if (stats_mode) { stats_line(p, n); return; }
    if (n > OBUF_SIZE) {
        out_flush();
        if (fwrite(p, 1, n, stdout) != n) die("write error");
        return;
    }
    if (olen + n > OBUF_SIZE) out_flush();
    memcpy(obuf + olen, p, n);
    olen += n;
}

/* A collector so that medium-shuffled can permute medium's lines. */
static int collect_mode;
static char *cbuf;
static size_t clen, ccap;
static size_t *coff;
static size_t cn, ccapn;

static void sink_line(const char *p, size_t n)
{
    if (!collect_mode) { emit_line(p, n); return; }
    if (clen + n > ccap) { ccap = (clen + n) * 2; cbuf = xrealloc(cbuf, ccap); }
    if (cn == ccapn) { ccapn = ccapn ? ccapn * 2 : 1 << 16; coff = xrealloc(coff, ccapn * sizeof *coff); }
    coff[cn++] = clen;
    memcpy(cbuf + clen, p, n);
    clen += n;
}

static char *put_u64(char *p, uint64_t v)
{
    char t[24];
    int n = 0;
    do { t[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) *p++ = t[--n];
    return p;
}

/* --------------------------------------------------------- the stacks */

typedef struct {
    uint64_t nstacks;
    int mindepth, maxdepth;
    int deep;        /* deep kind: long recursive stacks */
    int diff;        /* two counts per line */
    double chain_p;  /* chance that a node with several lines has one child */
    double fan_alpha; /* tail of the number of children otherwise */
    double self_p;   /* chance that an inner node has a line of its own */
} params_t;

/* Heavy-tailed sample counts: mostly 1-10, a few in the thousands. */
static uint64_t draw_count(rng_t *r)
{
    double v = pow(rng_unit_open(r), -1.0 / 1.15);
    if (v > 60000) v = 60000;
    return (uint64_t)v;
}

static int draw_depth(rng_t *r, const params_t *p)
{
    if (p->deep) {
        double u = rng_unit(r);
        return p->mindepth + (int)((p->maxdepth - p->mindepth + 1) * u * u * u);
    }
    /* Beta(2,4) on [min, max]: a bump in the teens with a tail to 48 (the
     * lines that share a deeper prefix are drawn deeper: mean about 20) */
    double a = -log(rng_unit_open(r) * rng_unit_open(r));
    double b = -log(rng_unit_open(r) * rng_unit_open(r) * rng_unit_open(r) * rng_unit_open(r));
    int d = p->mindepth + (int)((p->maxdepth - p->mindepth + 1) * (a / (a + b)));
    return d > p->maxdepth ? p->maxdepth : d;
}

/* Category of the frame at position i (>= 1), called by a frame of
 * category parent_cat, in a thread whose main category is root_cat. */
static int frame_cat(rng_t *r, int i, int parent_cat, int root_cat, int deep)
{
    if (deep) return CAT_C;
    if (i == 1) return root_cat == CAT_KERNEL ? CAT_KERNEL : CAT_C;
    if (parent_cat == CAT_KERNEL) return CAT_KERNEL;
    double u = rng_unit(r);
    if (u < 0.05) return CAT_KERNEL;
    if (parent_cat == CAT_C && root_cat != CAT_C && u < 0.5) return i < 4 ? CAT_C : root_cat;
    if (u < 0.12) return CAT_C;
    return root_cat;
}

/* The sorted kinds are a depth-first walk of a random trie that is made
 * top-down: each node is given the number of lines (stacks) below it, and
 * splits them among a heavy-tailed number of children with heavy-tailed
 * shares.  Children are distinct names drawn by popularity, then visited in
 * byte order, so the lines come out sorted.  A node left with one line
 * becomes a chain of fresh frames down to a depth drawn from the depth
 * distribution. */
typedef struct {
    const params_t *p;
    rng_t rs, rc, rd;
    uint32_t *ids;   /* frame name per position (position 0: the root) */
    size_t *end;     /* byte offset after the frame at each position */
    char *line;
    size_t lcap;
    int root_cat;
    uint32_t regress[6];
} gen_t;

static void set_frame(gen_t *g, int i, uint32_t id)
{
    size_t pos = i == 0 ? 0 : g->end[i - 1];
    const char *s;
    size_t len;
    if (i == 0) { s = roots_def[id].name; len = strlen(s); }
    else { s = names[id].s; len = names[id].len; }
    if (pos + len + 64 > g->lcap) {
        g->lcap = (pos + len + 64) * 2;
        g->line = xrealloc(g->line, g->lcap);
    }
    if (i) g->line[pos++] = ';';
    memcpy(g->line + pos, s, len);
    g->ids[i] = id;
    g->end[i] = pos + len;
}

static void emit_stack(gen_t *g, int depth)
{
    char *line = g->line;
    size_t pos = g->end[depth - 1];
    uint64_t c = draw_count(&g->rc);
    line[pos++] = ' ';
    if (g->p->diff) {
        /* before = medium's count; after = noise, growth through the
         * regressed names, and some stacks only in one of the profiles */
        int regressed = 0;
        for (int i = 1; i < depth && !regressed; i++)
            for (int r = 0; r < 6; r++) if (g->ids[i] == g->regress[r]) { regressed = 1; break; }
        double u = rng_unit(&g->rd);
        uint64_t before = c, after;
        if (u < 0.04) after = 0;                      /* gone */
        else if (u < 0.08) { before = 0; after = c; } /* new */
        else {
            double gauss = sqrt(-2 * log(rng_unit_open(&g->rd))) * cos(6.283185307179586 * rng_unit(&g->rd));
            double a = (double)c * (regressed ? 1.6 : 1.0) + gauss * sqrt((double)c);
            after = a < 0 ? 0 : (uint64_t)(a + 0.5);
            if (after == 0 && before == 0) after = 1;
        }
        pos = (size_t)(put_u64(line + pos, before) - line);
        line[pos++] = ' ';
        pos = (size_t)(put_u64(line + pos, after) - line);
    } else {
        pos = (size_t)(put_u64(line + pos, c) - line);
    }
    line[pos++] = '\n';
    sink_line(line, pos);
}

static int parent_cat_at(const gen_t *g, int q)
{
    return q == 1 ? g->root_cat : names[g->ids[q - 1]].cat;
}

/* A depth >= lo from the depth distribution (lo if it is hardly ever). */
static int draw_depth_atleast(gen_t *g, int lo)
{
    for (int t = 0; t < 32; t++) {
        int T = draw_depth(&g->rs, g->p);
        if (T >= lo) return T;
    }
    return lo;
}

/* Frames at positions q .. T-1 for a single line, then the line. */
static void chain(gen_t *g, int q, int T)
{
    for (int i = q; i < T; i++) {
        uint32_t id;
        if (g->p->deep && i > 8 && rng_chance(&g->rs, 0.97))
            id = g->ids[i - 1 - rng_below(&g->rs, 4)]; /* recursion */
        else
            id = zipf_pick(&g->rs, frame_cat(&g->rs, i, parent_cat_at(g, i), g->root_cat, g->p->deep));
        set_frame(g, i, id);
    }
    emit_stack(g, T);
}

static int cmp_srank_id(const void *a, const void *b)
{
    uint32_t x = names[*(const uint32_t *)a].srank, y = names[*(const uint32_t *)b].srank;
    return (x > y) - (x < y);
}

/* `want` distinct child names for the node at position q-1, in byte order.
 * Returns how many it found (fewer only if names run out). */
static uint32_t draw_children(gen_t *g, int q, uint32_t want, uint32_t *out)
{
    uint32_t n = 0;
    if (want == 1 && g->p->deep && q > 8 && rng_chance(&g->rs, 0.97)) {
        out[0] = g->ids[q - 1 - rng_below(&g->rs, 4)];
        return 1;
    }
    for (int round = 0; round < 40 && n < want; round++) {
        for (uint32_t i = n; i < want; i++)
            out[i] = zipf_pick(&g->rs, frame_cat(&g->rs, q, parent_cat_at(g, q), g->root_cat, g->p->deep));
        qsort(out, want, sizeof *out, cmp_srank_id);
        n = 0;
        for (uint32_t i = 0; i < want; i++)
            if (n == 0 || out[n - 1] != out[i]) out[n++] = out[i];
    }
    if (n < want) { /* popularity cannot give that many: take any names */
        for (uint32_t id = 0; id < nnames && n < want; id++) {
            if (names[id].dead) continue;
            uint32_t i;
            for (i = 0; i < n && out[i] != id; i++) {}
            if (i == n) out[n++] = id;
        }
        qsort(out, n, sizeof *out, cmp_srank_id);
    }
    return n;
}

/* The node at position q-1 is in place; B lines go into its subtree. */
static void subtree(gen_t *g, int q, uint64_t B)
{
    const params_t *p = g->p;
    if (B == 1) {
        int T = draw_depth_atleast(g, q < p->mindepth ? p->mindepth : q);
        if (T > p->maxdepth) T = p->maxdepth;
        if (T == q) emit_stack(g, q);
        else chain(g, q, T);
        return;
    }
    if (q >= p->maxdepth) die("internal: too many lines at the maximum depth");
    /* the node's own line (samples in the function itself) */
    if (q >= p->mindepth && rng_chance(&g->rs, p->self_p)) { emit_stack(g, q); B--; }
    uint64_t C;
    if (q == p->maxdepth - 1) C = B; /* children are leaves */
    else if (rng_chance(&g->rs, p->chain_p)) C = 1;
    else {
        double x = pow(rng_unit_open(&g->rs), -1.0 / p->fan_alpha);
        C = 1 + (uint64_t)x;
        if (C > 2000) C = 2000;
    }
    if (C > B) C = B;
    uint32_t *kids = xmalloc(C * sizeof *kids);
    C = draw_children(g, q, (uint32_t)C, kids);
    /* heavy-tailed shares, each child at least one line */
    uint64_t *share = xmalloc(C * sizeof *share);
    double *w = xmalloc(C * sizeof *w), sum = 0;
    for (uint64_t i = 0; i < C; i++) { w[i] = pow(rng_unit_open(&g->rs), -1.0 / 1.1); sum += w[i]; }
    uint64_t rest = B - C, given = 0;
    for (uint64_t i = 0; i < C; i++) { share[i] = 1 + (uint64_t)((double)rest * w[i] / sum); given += share[i]; }
    for (uint64_t i = 0; given < B; i = (i + 1) % C) { share[i]++; given++; }
    if (q == p->maxdepth - 1 && given > C) die("internal: leaf level overfull");
    free(w);
    for (uint64_t i = 0; i < C; i++) {
        set_frame(g, q, kids[i]);
        subtree(g, q + 1, share[i]);
    }
    free(kids);
    free(share);
}

static void gen_stacks(uint64_t seed, const params_t *p)
{
    gen_t g;
    memset(&g, 0, sizeof g);
    g.p = p;
    rng_seed(&g.rs, seed, STREAM_SHAPE);
    rng_seed(&g.rc, seed, STREAM_COUNTS);
    rng_seed(&g.rd, seed, STREAM_DIFF);
    /* In diff mode a few names regress: lines through them grow. */
    for (int i = 0; i < 6; i++) g.regress[i] = zipf_pick(&g.rd, i % 2 ? CAT_JAVA : CAT_CPP);

    /* lines per root (thread), by weight, summing to nstacks */
    uint64_t budget[NROOTS], given = 0;
    double wsum = 0;
    for (size_t i = 0; i < NROOTS; i++) wsum += roots_def[i].weight;
    for (size_t i = 0; i < NROOTS; i++) {
        budget[i] = (uint64_t)((double)p->nstacks * roots_def[i].weight / wsum);
        if (budget[i] == 0) budget[i] = 1;
        given += budget[i];
    }
    for (size_t i = 0; given < p->nstacks; i = (i + 1) % NROOTS) { budget[i]++; given++; }
    for (size_t i = NROOTS; given > p->nstacks && i-- > 0;)
        while (budget[i] > 1 && given > p->nstacks) { budget[i]--; given--; }

    size_t maxd = (size_t)p->maxdepth + 2;
    g.ids = xmalloc(maxd * sizeof *g.ids);
    g.end = xmalloc(maxd * sizeof *g.end);
    g.lcap = 1 << 16;
    g.line = xmalloc(g.lcap);
    for (size_t r = 0; r < NROOTS; r++) {
        g.root_cat = roots_def[r].cat;
        set_frame(&g, 0, (uint32_t)r);
        subtree(&g, 1, budget[r]);
    }
    free(g.ids); free(g.end); free(g.line);
}

static void gen_wide(uint64_t seed)
{
    rng_t rc;
    rng_seed(&rc, seed, STREAM_COUNTS);
    char line[64];
    for (uint32_t i = 0; i < 1000000; i++) {
        char *p = line;
        memcpy(p, "main;leaf_", 10); p += 10;
        for (int k = 5, v = (int)i; k >= 0; k--, v /= 10) p[k] = (char)('0' + v % 10);
        p += 6;
        *p++ = ' ';
        p = put_u64(p, draw_count(&rc));
        *p++ = '\n';
        emit_line(line, (size_t)(p - line));
    }
}

/* --------------------------------------------------------------- main */

#ifndef LARGE_CHAIN
#define LARGE_CHAIN 0.12
#endif
static void usage(FILE *f)
{
    fprintf(f,
        "usage: gen KIND [--seed N] [--stats] > file\n"
        "KIND: large | medium | medium-shuffled | medium-diff | deep | wide\n");
}

int main(int argc, char **argv)
{
    const char *kind = NULL;
    uint64_t seed = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            char *e;
            seed = strtoull(argv[++i], &e, 0);
            if (*e || !argv[i][0]) { usage(stderr); return 2; }
        } else if (strncmp(argv[i], "--seed=", 7) == 0) {
            char *e;
            seed = strtoull(argv[i] + 7, &e, 0);
            if (*e || !argv[i][7]) { usage(stderr); return 2; }
        } else if (strcmp(argv[i], "--stats") == 0) {
            stats_mode = 1;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout); return 0;
        } else if (!kind && argv[i][0] != '-') {
            kind = argv[i];
        } else {
            usage(stderr); return 2;
        }
    }
    if (!kind) { usage(stderr); return 2; }

    params_t p = { 0, 2, 48, 0, 0, 0.25, 0.9, 0.08 };
    int shuffle = 0, wide = 0;
    if (strcmp(kind, "large") == 0) { p.nstacks = 1000000; p.chain_p = LARGE_CHAIN; }
    else if (strcmp(kind, "medium") == 0) p.nstacks = 100000;
    else if (strcmp(kind, "medium-shuffled") == 0) { p.nstacks = 100000; shuffle = 1; }
    else if (strcmp(kind, "medium-diff") == 0) { p.nstacks = 100000; p.diff = 1; }
    else if (strcmp(kind, "deep") == 0) {
        p.nstacks = 10000; p.mindepth = 1000; p.maxdepth = 5000; p.deep = 1;
        p.chain_p = 0.97; p.self_p = 0.01;
    } else if (strcmp(kind, "wide") == 0) wide = 1;
    else { fprintf(stderr, "gen: unknown kind '%s'\n", kind); usage(stderr); return 2; }

    obuf = xmalloc(OBUF_SIZE);
    if (stats_mode) strset_init(&st.names, 1 << 16);

    if (wide) {
        gen_wide(seed);
    } else {
        build_pool(seed, 1.0);
        collect_mode = shuffle;
        gen_stacks(seed, &p);
        if (shuffle) {
            rng_t r;
            rng_seed(&r, seed, STREAM_SHUFFLE);
            for (size_t i = cn; i > 1; i--) { /* Fisher-Yates */
                size_t j = rng_below(&r, (uint32_t)i);
                size_t t = coff[i - 1]; coff[i - 1] = coff[j]; coff[j] = t;
            }
            for (size_t i = 0; i < cn; i++) {
                size_t a = coff[i], b = a;
                while (cbuf[b] != '\n') b++;
                emit_line(cbuf + a, b + 1 - a);
            }
        }
    }
    out_flush();
    if (fflush(stdout) != 0 || ferror(stdout)) die("write error");

    if (stats_mode) {
        printf("kind            %s (seed %llu)\n", kind, (unsigned long long)seed);
        printf("bytes           %llu (%.1f MB)\n", (unsigned long long)st.bytes, st.bytes / 1e6);
        printf("lines           %llu\n", (unsigned long long)st.lines);
        printf("mean line bytes %.1f\n", st.lines ? (double)st.bytes / st.lines : 0);
        printf("depth min/mean/max %llu / %.2f / %llu\n", (unsigned long long)st.mindepth,
               st.lines ? (double)st.frames / st.lines : 0, (unsigned long long)st.maxdepth);
        printf("distinct frames %llu (mean name length %.1f bytes)\n", (unsigned long long)st.names.n,
               st.names.n ? (double)st.namebytes / st.names.n : 0);
        printf("samples         %llu", (unsigned long long)st.samples);
        if (p.diff) printf(" (after), %llu (before)", (unsigned long long)st.samples2);
        printf("\n");
        printf("sorted (C)      %s (%llu inversions)\n", st.unsorted ? "no" : "yes", (unsigned long long)st.unsorted);
        printf("adjacent dups   %llu\n", (unsigned long long)st.dup);
        if (!shuffle && (st.unsorted || st.dup)) return 1;
    }
    return 0;
}

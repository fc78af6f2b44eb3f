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
    for (uint32_t i = rng_below(r, 3); i > 0; i--) { sb_add(s, "/"); sb_add(s, PICK(r, pkg_words)); }
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
    if (rng_chance(r, 0.3)) { /* a container of a type */
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
    if (rng_chance(r, 0.3)) {
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
    for (uint32_t i = 0, n = rng_below(r, 4); i < n; i++) {
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
    sb_add(s, rng_chance(r, 0.5) ? " (/usr/lib/python3.11/site-packages/" : " (/srv/app/.venv/lib/python3.11/site-packages/");
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

/* A name of category c sorting after name `after` (UINT32_MAX: any name).
 * Mostly by popularity; if popular names keep sorting too early, uniformly
 * among the names after it.  Returns UINT32_MAX if there is none. */
static uint32_t pick_after(rng_t *r, int c, uint32_t after)
{
    if (after == UINT32_MAX) return zipf_pick(r, c);
    uint32_t ar = names[after].srank;
    for (int t = 0; t < 8; t++) {
        uint32_t id = zipf_pick(r, c);
        if (names[id].srank > ar) return id;
    }
    const uint32_t *v = cat_sorted[c];
    uint32_t lo = 0, hi = cat_n[c];
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (names[v[mid]].srank > ar) hi = mid; else lo = mid + 1;
    }
    if (lo == cat_n[c]) return UINT32_MAX;
    return v[lo + rng_below(r, cat_n[c] - lo)];
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
    double pop_alpha; /* tail of the number of frames popped between lines */
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
    /* Beta(2,3) on [min, max]: a bump around 20 with a tail to 48 */
    double a = -log(rng_unit_open(r) * rng_unit_open(r));
    double b = -log(rng_unit_open(r) * rng_unit_open(r) * rng_unit_open(r));
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
    if (u < 0.04) return CAT_KERNEL;
    if (parent_cat == CAT_C && root_cat != CAT_C && u < 0.5) return i < 4 ? CAT_C : root_cat;
    if (u < 0.09) return CAT_C;
    return root_cat;
}

static uint64_t full_events;

static void gen_stacks(uint64_t seed, const params_t *p)
{
    rng_t rs, rc, rd;
    rng_seed(&rs, seed, STREAM_SHAPE);
    rng_seed(&rc, seed, STREAM_COUNTS);
    rng_seed(&rd, seed, STREAM_DIFF);

    /* lines per root, heavy-tailed, summing to nstacks */
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

    /* In diff mode a few names regress: lines through them grow. */
    uint32_t regress[6];
    for (int i = 0; i < 6; i++) regress[i] = zipf_pick(&rd, i % 2 ? CAT_JAVA : CAT_CPP);

    size_t maxd = (size_t)p->maxdepth + 2;
    uint32_t *ids = xmalloc(maxd * sizeof *ids);
    size_t *end = xmalloc(maxd * sizeof *end);
    size_t lcap = maxd * 64 + 4096;
    char *line = xmalloc(lcap);
    int d = 0;               /* depth of the previous line */
    size_t root = 0;
    uint64_t left = budget[0];
    int root_cat = roots_def[0].cat;

    for (uint64_t n = 0; n < p->nstacks; n++) {
        int T = 0, k;
        uint32_t first = UINT32_MAX;
        if (n == 0 || left == 0) {
            if (n) { root++; left = budget[root]; }
            if (root >= NROOTS) die("internal: ran out of roots");
            root_cat = roots_def[root].cat;
            k = 0;
            T = draw_depth(&rs, p);
        } else {
            /* The new depth T wanders around the previous one and now and
             * then jumps to a fresh draw, so that depths keep the wanted
             * distribution while most lines branch near their leaves.  The
             * first k frames of the previous line are kept: all but a few
             * (heavy-tailed), sometimes all of them (the previous line's
             * frame then gets callees of its own). */
            if (rng_chance(&rs, p->deep ? 0.3 : 0.12)) {
                T = draw_depth(&rs, p);
            } else {
                int w = p->deep ? 40 : 3;
                T = d - w + (int)rng_below(&rs, (uint32_t)(2 * w + 1));
                if (T < p->mindepth) T = p->mindepth;
                if (T > p->maxdepth) T = p->maxdepth;
            }
            if (T > d && rng_chance(&rs, 0.25)) {
                k = d;
            } else {
                double j = pow(rng_unit_open(&rs), -1.0 / p->pop_alpha);
                k = j >= d - 1 ? 1 : d - (int)j;
                if (k > T - 1) k = T - 1;
            }
            /* The frame at position k must sort after prev[k] (k < d).  If
             * nothing of the right kind does, branch deeper instead (the
             * deepest choice, k = d, always works), or, at the maximum
             * depth, shallower. */
            int kk = k;
            for (;;) {
                if (kk == d) break;
                int parent_cat = kk == 1 ? root_cat : names[ids[kk - 1]].cat;
                int c = frame_cat(&rs, kk, parent_cat, root_cat, p->deep);
                first = pick_after(&rs, c, ids[kk]);
                if (first != UINT32_MAX) break;
                if (++kk == d && d >= p->maxdepth) { kk = -1; break; }
            }
            if (kk < 0) {
                for (kk = k - 1; kk >= 1; kk--) {
                    int parent_cat = kk == 1 ? root_cat : names[ids[kk - 1]].cat;
                    int c = frame_cat(&rs, kk, parent_cat, root_cat, p->deep);
                    first = pick_after(&rs, c, ids[kk]);
                    if (first != UINT32_MAX) break;
                }
                if (kk < 1) { /* this thread is full: move on to the next root */
                    full_events++; if (getenv("GEN_DEBUG")) fprintf(stderr, "full n=%llu k=%d d=%d T=%d root=%zu left=%llu\n", (unsigned long long)n, k, d, T, root, (unsigned long long)left);
 if (getenv("GEN_DEBUG")) for (int q = 1; q < d; q++) fprintf(stderr, "  %d cat%d srank%u %.60s\n", q, names[ids[q]].cat, names[ids[q]].srank, names[ids[q]].s);
                    root++;
                    if (root >= NROOTS) die("internal: ran out of roots");
                    left += budget[root];
                    root_cat = roots_def[root].cat;
                    kk = 0;
                }
            }
            k = kk;
            if (T < k + 1) T = k + 1;
            if (k == 0) T = draw_depth(&rs, p);
        }
        /* rebuild positions k .. T-1 */
        size_t pos = k == 0 ? 0 : end[k - 1];
        if (lcap < pos + (size_t)(T - k) * 1100 + 64) {
            lcap = (pos + (size_t)(T - k) * 1100 + 64) * 2;
            line = xrealloc(line, lcap);
        }
        for (int i = k; i < T; i++) {
            const char *s;
            size_t len;
            if (i == 0) {
                ids[0] = UINT32_MAX;
                s = roots_def[root].name; len = strlen(s);
            } else {
                uint32_t id;
                if (i == k && first != UINT32_MAX) id = first;
                else if (p->deep && i > 8 && rng_chance(&rs, 0.97)) {
                    /* recursion: repeat the frame 1-4 levels up */
                    id = ids[i - 1 - rng_below(&rs, 4)];
                } else {
                    int parent_cat = i == 1 ? root_cat : names[ids[i - 1]].cat;
                    id = zipf_pick(&rs, frame_cat(&rs, i, parent_cat, root_cat, p->deep));
                }
                ids[i] = id;
                s = names[id].s; len = names[id].len;
                line[pos++] = ';';
            }
            memcpy(line + pos, s, len);
            pos += len;
            end[i] = pos;
        }
        d = T;
        left--;
        /* counts */
        uint64_t c = draw_count(&rc);
        line[pos++] = ' ';
        if (p->diff) {
            /* before = medium's count; after = noise, growth through the
             * regressed names, and some stacks only in one profile */
            double after = (double)c;
            int regressed = 0;
            for (int i = 1; i < T && !regressed; i++)
                for (int r = 0; r < 6; r++) if (ids[i] == regress[r]) { regressed = 1; break; }
            double u = rng_unit(&rd);
            uint64_t before = c, aft;
            if (u < 0.04) aft = 0;                      /* gone */
            else if (u < 0.08) { before = 0; aft = c; } /* new */
            else {
                double g = sqrt(-2 * log(rng_unit_open(&rd))) * cos(6.283185307179586 * rng_unit(&rd));
                after = after * (regressed ? 1.6 : 1.0) + g * sqrt(after);
                aft = after < 0 ? 0 : (uint64_t)(after + 0.5);
                if (aft == 0 && before == 0) aft = 1;
            }
            pos = (size_t)(put_u64(line + pos, before) - line);
            line[pos++] = ' ';
            pos = (size_t)(put_u64(line + pos, aft) - line);
        } else {
            pos = (size_t)(put_u64(line + pos, c) - line);
        }
        line[pos++] = '\n';
        sink_line(line, pos);
    }
    free(ids); free(end); free(line);
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

    params_t p = { 0, 2, 48, 0, 0, 1.3 };
    int shuffle = 0, wide = 0;
    if (strcmp(kind, "large") == 0) p.nstacks = 1000000;
    else if (strcmp(kind, "medium") == 0) p.nstacks = 100000;
    else if (strcmp(kind, "medium-shuffled") == 0) { p.nstacks = 100000; shuffle = 1; }
    else if (strcmp(kind, "medium-diff") == 0) { p.nstacks = 100000; p.diff = 1; }
    else if (strcmp(kind, "deep") == 0) {
        p.nstacks = 10000; p.mindepth = 1000; p.maxdepth = 5000; p.deep = 1; p.pop_alpha = 0.7;
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
        if (full_events) printf("full threads    %llu\n", (unsigned long long)full_events);
        if (!shuffle && (st.unsorted || st.dup)) return 1;
    }
    return 0;
}

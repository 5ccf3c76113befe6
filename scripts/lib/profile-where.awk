# scripts/lib/profile-where.awk: where the CPU time goes, from async-profiler's collapsed stacks
# (event=cpu, "threads": each line is the thread, then the frames from the outermost to the
# innermost separated by ";", then the number of samples). Unlike the flight recorder's execution
# samples, these count native code (SQLite's C library) and the kernel (system calls, fsync) too.
# Prints three Markdown tables, each with its share of all samples:
#   - by thread: the JIT compiler, the garbage collector, each database's writer, the virtual
#     threads (request handlers and the load generator), others;
#   - by component: the first of an ordered list of parts found anywhere on the stack (a signature
#     check inside a request counts as the signature check, SQLite under a commit as SQLite), then,
#     for the rest, the innermost frame that is neither the JDK's nor the kernel's;
#   - within the database writers: the commit (its write-ahead log writes, its sync, its
#     checkpoint) against the units of work themselves.

function thread_group(t) {
  if (t ~ /C[12] CompilerThre/) return "JIT compiler"
  if (t ~ /GC Thread|G1 |GN? ?(Conc|Refine|Main Marker|Service)/) return "garbage collector"
  if (t ~ /-writer/) { sub(/^\[/, "", t); sub(/ tid=.*$/, "", t); return "SQLite writer (" t ")" }
  if (t ~ /ForkJoinPool-[0-9]+-worker/) return "virtual threads (requests, load generator)"
  return "other threads"
}

function component(stack, frames, n,    i, f) {
  if (stack ~ /Ed25519Jws\$Verifier\.verify/) return "Ed25519 checks (Bouncy Castle)"
  if (stack ~ /Ed25519Jws\$Signer\.sign/) return "Ed25519 signatures (Bouncy Castle)"
  if (stack ~ /Argon2/) return "Argon2id (Bouncy Castle)"
  if (stack ~ /org\/sqlite\/|libsqlitejdbc/) return "SQLite (driver, native library, its system calls)"
  if (stack ~ /sun\/security\/ssl|SslConnection/) return "TLS (the dedicated line)"
  if (stack ~ /com\/fasterxml/) return "JSON (Jackson)"
  if (stack ~ /com\/nimbusds/) return "JOSE tokens (Nimbus)"
  if (stack ~ /com\/sun\/crypto|sun\/security\/provider\/|javax\/crypto|sha256_impl/) return "SHA-256, HMAC, AES-GCM (JDK)"
  if (stack ~ /org\/jdbi|com\/zaxxer/) return "Jdbi and HikariCP"
  if (stack ~ /ch\/qos\/logback|org\/slf4j/) return "logging (Logback)"
  if (stack ~ /io\/micrometer|io\/prometheus/) return "metrics (Micrometer)"
  for (i = n; i >= 2; i--) {
    f = frames[i]
    if (f ~ /_\[k\]$/ || f ~ /^(java|jdk|sun|javax)\// || f ~ /^com\/sun\// || f !~ /\//) continue
    if (f ~ /^org\/eclipse\/jetty\/client/) return "HTTP client (Jetty)" kernel_mark(frames, n)
    if (f ~ /^(org\/eclipse\/jetty|io\/javalin|jakarta\/servlet)/) return "HTTP server (Jetty, Javalin)" kernel_mark(frames, n)
    if (f ~ /^(dev\/contentpay\/harness|dev\/contentpay\/client|org\/HdrHistogram)/) return "load generator and terminal client" kernel_mark(frames, n)
    if (f ~ /^dev\/contentpay/) return "contentpay code itself" kernel_mark(frames, n)
    return "other libraries"
  }
  return "JDK alone (virtual-thread scheduling, sockets, ...)" kernel_mark(frames, n)
}

function kernel_mark(frames, n) {
  return frames[n] ~ /_\[k\]$/ ? ", in the kernel" : ""
}

function table(title, counts,    keys, k, n, i, j, t) {
  n = 0
  for (k in counts) keys[++n] = k
  for (i = 2; i <= n; i++) { t = keys[i]; for (j = i - 1; j >= 1 && counts[keys[j]] < counts[t]; j--) keys[j + 1] = keys[j]; keys[j + 1] = t }
  printf "| %s | samples | share |\n|---|---:|---:|\n", title
  for (i = 1; i <= n; i++) printf "| %s | %d | %.1f %% |\n", keys[i], counts[keys[i]], 100 * counts[keys[i]] / total
  printf "\n"
}

{
  count = $NF
  stack = $0
  sub(/ [0-9]+$/, "", stack)
  n = split(stack, frames, ";")
  total += count
  group = thread_group(frames[1])
  by_thread[group] += count
  if (group == "JIT compiler" || group == "garbage collector") by_component["JVM: " group] += count
  else by_component[component(stack, frames, n)] += count
  if (group ~ /^SQLite writer/) {
    if (stack ~ /Handle\.commit/) {
      if (stack ~ /fsync/) part = "commit: sync (fsync)"
      else if (stack ~ /pwrite/) part = "commit: writes (log frames, checkpoints)"
      else part = "commit: other"
    } else if (stack ~ /GroupCommit\$Unit\.run|Database\.inSavepoint/) part = "the units of work (their statements)"
    else part = "the writer's loop, begin and end"
    by_writer[part] += count
  }
}

END {
  if (total == 0) { print "No samples in the profile."; exit }
  table("thread", by_thread)
  table("component (the first part found on the stack)", by_component)
  table("inside the SQLite writers", by_writer)
  printf "%d samples in all (one a millisecond of CPU time on any thread).\n", total
}

# scripts/lib/jfr-where.awk: where the CPU time goes, from "jfr print --events jdk.ExecutionSample".
# Each sample's top frame is put in a component (EC signatures, Argon2id, SQLite, JSON, HTTP, ...)
# and its innermost contentpay frame (the first dev.contentpay method on the stack, the code that
# asked for the work) is counted too. Prints two Markdown tables: components, and the top 15
# contentpay frames, each with its share of all samples.

function component(frame) {
  if (frame ~ /^org\.bouncycastle\.(math\.ec\.rfc8032|math\.raw|math\.ec\.rfc7748|crypto\.params\.Ed25519|crypto\.digests\.(SHA512|LongDigest))/) return "Ed25519 signatures (Bouncy Castle)"
  if (frame ~ /^(sun\.security\.util\.math|sun\.security\.ec|java\.math\.BigInteger)/) return "ES256 signatures (JDK EC)"
  if (frame ~ /^com\.nimbusds/) return "JOSE tokens (Nimbus: parsing, Base64URL, claims)"
  if (frame ~ /^(sun\.security\.provider\.SHA|com\.sun\.crypto\.provider\.HmacCore|sun\.security\.provider\.DigestBase|java\.security\.MessageDigest)/) return "SHA-256 and HMAC"
  if (frame ~ /^org\.bouncycastle\.(crypto\.generators\.Argon2|crypto\.digests\.Blake2b|util\.Longs)/) return "Argon2id (Bouncy Castle)"
  if (frame ~ /^org\.bouncycastle/) return "Bouncy Castle, other"
  if (frame ~ /^org\.sqlite/) return "SQLite (JDBC driver and native calls)"
  if (frame ~ /^(org\.jdbi|com\.zaxxer)/) return "Jdbi and HikariCP"
  if (frame ~ /^com\.fasterxml/) return "JSON (Jackson)"
  if (frame ~ /^org\.eclipse\.jetty\.client/) return "HTTP client (Jetty's HttpClient)"
  if (frame ~ /^(jdk\.internal\.net\.http|java\.net\.http)/) return "HTTP client (JDK HttpClient)"
  if (frame ~ /^(org\.eclipse\.jetty|io\.javalin|jakarta\.servlet)/) return "HTTP server (Jetty, Javalin)"
  if (frame ~ /^(ch\.qos\.logback|org\.slf4j)/) return "logging (Logback)"
  if (frame ~ /^io\.micrometer/) return "metrics (Micrometer)"
  if (frame ~ /^(sun\.nio|java\.nio|sun\.net|java\.net|jdk\.internal\.misc\.Unsafe\.(park|unpark))/) return "sockets and NIO"
  if (frame ~ /^(org\.HdrHistogram|dev\.contentpay\.harness\.bench)/) return "load generator"
  if (frame ~ /^dev\.contentpay/) return "contentpay code itself"
  if (frame ~ /^(java\.util\.regex|java\.lang\.String|java\.lang\.StringBuilder|java\.lang\.AbstractStringBuilder|java\.util\.Formatter)/) return "strings, regex, formatting (JDK)"
  if (frame ~ /^(java\.|jdk\.|sun\.)/) return "other JDK"
  return "other libraries"
}

/^jdk\.ExecutionSample/ { in_stack = 0; top = ""; ours = ""; next }
/stackTrace = \[/ { in_stack = 1; next }
in_stack && /^[[:space:]]*\]/ {
  in_stack = 0
  if (top != "") {
    total++
    by_component[component(top)]++
    by_ours[ours == "" ? "(no contentpay frame: JDK or library threads)" : ours]++
  }
  next
}
in_stack {
  line = $0
  sub(/^[[:space:]]+/, "", line)
  sub(/[[:space:]]+line:.*$/, "", line)
  if (line == "..." || line == "") next
  if (top == "") top = line
  if (ours == "" && line ~ /^dev\.contentpay\./ && line !~ /^dev\.contentpay\.platform\.(db\.Database|http\.WebServer)/) ours = line
  next
}

END {
  if (total == 0) { print "No execution samples in the recording."; exit }
  printf "| component (top frame) | samples | share |\n|---|---:|---:|\n"
  n = 0
  for (c in by_component) { keys[++n] = c }
  sort_by(keys, n, by_component)
  for (i = 1; i <= n; i++) printf "| %s | %d | %.1f %% |\n", keys[i], by_component[keys[i]], 100 * by_component[keys[i]] / total
  printf "\n| innermost contentpay frame | samples | share |\n|---|---:|---:|\n"
  m = 0
  for (c in by_ours) { ourkeys[++m] = c }
  sort_by(ourkeys, m, by_ours)
  for (i = 1; i <= m && i <= 15; i++) printf "| `%s` | %d | %.1f %% |\n", ourkeys[i], by_ours[ourkeys[i]], 100 * by_ours[ourkeys[i]] / total
  printf "\n%d execution samples in all.\n", total
}

# Sorts names[1..n] by count[name], largest first (insertion sort: the lists are short).
function sort_by(names, n, count,    i, j, t) {
  for (i = 2; i <= n; i++) {
    t = names[i]
    for (j = i - 1; j >= 1 && count[names[j]] < count[t]; j--) names[j + 1] = names[j]
    names[j + 1] = t
  }
}

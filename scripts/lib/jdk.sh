# shellcheck shell=bash
# scripts/lib/jdk.sh: find the JDK and Maven that contentpay builds and runs with.
# Source it (". scripts/lib/jdk.sh"), then call:
#   contentpay_find_jdk      sets and exports JAVA_HOME to a JDK 21+ (also puts its bin first on PATH)
#   contentpay_maven_opts    sets and exports MAVEN_OPTS for that JDK and checks that mvn is 3.8+
# Both print one sentence to stderr and return 1 when they cannot do it.
# Written for bash 3.2+ and safe under "set -euo pipefail".
#
# For testing only: CONTENTPAY_JDK_SEARCH_DIRS, when set (even empty), replaces the list of
# install folders searched, as colon-separated glob patterns of JDK homes.

CONTENTPAY_MIN_JAVA=21
CONTENTPAY_MIN_MAVEN_MAJOR=3
CONTENTPAY_MIN_MAVEN_MINOR=8

# _contentpay_realpath PATH: PATH with every symlink resolved (readlink -f, or a portable fallback).
_contentpay_realpath() {
  local p=$1 r dir i=0
  if r=$(readlink -f -- "$p" 2>/dev/null) && [ -n "$r" ]; then
    printf '%s\n' "$r"
    return 0
  fi
  while [ -L "$p" ] && [ "$i" -lt 40 ]; do
    r=$(readlink -- "$p" 2>/dev/null) || break
    case $r in
      /*) p=$r ;;
      *) case $p in */*) p=${p%/*}/$r ;; *) p=./$r ;; esac ;;
    esac
    i=$((i + 1))
  done
  case $p in
    */*) dir=${p%/*} ;;
    *) dir=. ;;
  esac
  if dir=$(cd -P -- "${dir:-/}" 2>/dev/null && pwd); then
    printf '%s/%s\n' "${dir%/}" "${p##*/}"
  else
    printf '%s\n' "$p"
  fi
}

# _contentpay_java_version JAVA: the quoted version from "JAVA -version" (17.0.15, 21, 25-ea, 1.8.0_392).
_contentpay_java_version() {
  local out line ver=""
  out=$("$1" -version 2>&1 </dev/null) || return 1
  while IFS= read -r line; do
    case $line in
      *' version "'*)
        ver=${line#*version \"}
        ver=${ver%%\"*}
        break
        ;;
    esac
  done <<EOF_VERSION
$out
EOF_VERSION
  [ -n "$ver" ] || return 1
  printf '%s\n' "$ver"
}

# _contentpay_version_key VERSION: "MAJOR KEY", where MAJOR is the feature release (8 for 1.8.x)
# and KEY a fixed-width string that sorts like the version.
_contentpay_version_key() {
  local v=$1 major minor patch extra rest
  case $v in
    1.[0-9]*) v=${v#1.} ;;  # old scheme: 1.8.0_392 -> 8.0_392
  esac
  major=${v%%[!0-9]*}
  [ -n "$major" ] || return 1
  rest=${v#"$major"}
  minor=0; patch=0; extra=0
  case $rest in .[0-9]*) rest=${rest#.}; minor=${rest%%[!0-9]*}; rest=${rest#"$minor"} ;; esac
  case $rest in .[0-9]*) rest=${rest#.}; patch=${rest%%[!0-9]*}; rest=${rest#"$patch"} ;; esac
  case $rest in [._+][0-9]*) rest=${rest#?}; extra=${rest%%[!0-9]*} ;; esac
  printf '%d %05d%05d%05d%07d\n' "$((10#$major))" "$((10#$major))" "$((10#$minor))" "$((10#$patch))" "$((10#${extra:-0}))"
}

# _contentpay_check_jdk HOME: succeeds, setting _contentpay_cand_{home,version,major,key},
# when HOME/bin/java and HOME/bin/javac exist and java reports version 21 or newer.
_contentpay_check_jdk() {
  local home=$1 ver mk
  [ -n "$home" ] || return 1
  [ -f "$home/bin/java" ] && [ -x "$home/bin/java" ] || return 1
  [ -f "$home/bin/javac" ] && [ -x "$home/bin/javac" ] || return 1
  ver=$(_contentpay_java_version "$home/bin/java") || return 1
  mk=$(_contentpay_version_key "$ver") || return 1
  [ "${mk%% *}" -ge "$CONTENTPAY_MIN_JAVA" ] || return 1
  _contentpay_cand_home=$home
  _contentpay_cand_version=$ver
  _contentpay_cand_major=${mk%% *}
  _contentpay_cand_key=${mk#* }
  return 0
}

# _contentpay_use_jdk: export the last checked candidate.
_contentpay_use_jdk() {
  JAVA_HOME=$_contentpay_cand_home
  export JAVA_HOME
  CONTENTPAY_JAVA_VERSION=$_contentpay_cand_version
  CONTENTPAY_JAVA_MAJOR=$_contentpay_cand_major
  export CONTENTPAY_JAVA_VERSION CONTENTPAY_JAVA_MAJOR
  case ":${PATH:-}:" in
    ":$JAVA_HOME/bin:"*) ;;
    *) PATH="$JAVA_HOME/bin${PATH:+:$PATH}"; export PATH ;;
  esac
}

# _contentpay_scan_dirs PATTERNS: among the JDK homes matching the colon-separated glob PATTERNS,
# check each (once per real path) and keep the newest in _contentpay_best_*.
_contentpay_scan_dirs() {
  local IFS=: home real seen=$'\n'
  _contentpay_best_home=""
  _contentpay_best_key=""
  # Unquoted on purpose: split on ':' and expand the globs (an unmatched one stays literal and fails the check).
  # shellcheck disable=SC2086
  for home in $1; do
    [ -d "$home" ] || continue
    real=$(_contentpay_realpath "$home")
    case $seen in *$'\n'"$real"$'\n'*) continue ;; esac
    seen=$seen$real$'\n'
    _contentpay_check_jdk "$real" || continue
    if [ -z "$_contentpay_best_home" ] || [[ $_contentpay_cand_key > $_contentpay_best_key ]]; then
      _contentpay_best_home=$_contentpay_cand_home
      _contentpay_best_version=$_contentpay_cand_version
      _contentpay_best_major=$_contentpay_cand_major
      _contentpay_best_key=$_contentpay_cand_key
    fi
  done
  [ -n "$_contentpay_best_home" ]
}

contentpay_find_jdk() {
  local java_bin home dirs

  # 1. $JAVA_HOME, when it is a JDK 21+.
  if [ -n "${JAVA_HOME:-}" ] && _contentpay_check_jdk "${JAVA_HOME%/}"; then
    _contentpay_use_jdk
    return 0
  fi

  # 2. The java on PATH, by its real home.
  if java_bin=$(command -v java 2>/dev/null) && [ -n "$java_bin" ]; then
    java_bin=$(_contentpay_realpath "$java_bin")
    home=${java_bin%/bin/java}
    home=${home%/jre}
    if [ "$home" != "$java_bin" ] && _contentpay_check_jdk "$home"; then
      _contentpay_use_jdk
      return 0
    fi
  fi

  # 3. The usual install folders, newest first.
  if [ -n "${CONTENTPAY_JDK_SEARCH_DIRS+set}" ]; then
    dirs=$CONTENTPAY_JDK_SEARCH_DIRS
  else
    dirs="/usr/lib/jvm/*:/usr/local/lib/jvm/*:/opt/java/*:/opt/jdk*"
    [ -z "${HOME:-}" ] || dirs="$dirs:$HOME/.sdkman/candidates/java/*"
    dirs="$dirs:/Library/Java/JavaVirtualMachines/*/Contents/Home"
  fi
  if _contentpay_scan_dirs "$dirs"; then
    _contentpay_cand_home=$_contentpay_best_home
    _contentpay_cand_version=$_contentpay_best_version
    _contentpay_cand_major=$_contentpay_best_major
    _contentpay_cand_key=$_contentpay_best_key
    _contentpay_use_jdk
    return 0
  fi

  echo "contentpay needs a JDK $CONTENTPAY_MIN_JAVA or newer (javac included); install one, for example 'apt-get install openjdk-$CONTENTPAY_MIN_JAVA-jdk' or Temurin $CONTENTPAY_MIN_JAVA+, or set JAVA_HOME to it." >&2
  return 1
}

contentpay_maven_opts() {
  local major mvn_bin out line ver mv_major mv_minor flag

  # The JDK Maven will run on.
  if [ -n "${JAVA_HOME:-}" ] && [ "${CONTENTPAY_JAVA_MAJOR:-}" != "" ] && [ "$JAVA_HOME" = "${_contentpay_cand_home:-}" ]; then
    major=$CONTENTPAY_JAVA_MAJOR
  else
    contentpay_find_jdk || return 1
    major=$CONTENTPAY_JAVA_MAJOR
  fi

  # --sun-misc-unsafe-memory-access silences Maven's guava on JDK 24+; older JDKs refuse the flag.
  MAVEN_OPTS=${MAVEN_OPTS:-}
  if [ "$major" -ge 24 ]; then
    case " $MAVEN_OPTS " in
      *" --sun-misc-unsafe-memory-access="*) ;;
      *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
  else
    for flag in allow warn debug deny; do
      MAVEN_OPTS=${MAVEN_OPTS//--sun-misc-unsafe-memory-access=$flag/}
    done
  fi
  export MAVEN_OPTS

  if ! mvn_bin=$(command -v mvn 2>/dev/null) || [ -z "$mvn_bin" ]; then
    echo "contentpay needs Apache Maven $CONTENTPAY_MIN_MAVEN_MAJOR.$CONTENTPAY_MIN_MAVEN_MINOR or newer as 'mvn' on PATH; install it, for example 'apt-get install maven', or put its bin folder on PATH." >&2
    return 1
  fi
  if ! out=$(mvn -B -v 2>&1 </dev/null); then
    echo "contentpay could not run '$mvn_bin -v' with JAVA_HOME=$JAVA_HOME and MAVEN_OPTS='$MAVEN_OPTS'; fix or reinstall Apache Maven $CONTENTPAY_MIN_MAVEN_MAJOR.$CONTENTPAY_MIN_MAVEN_MINOR or newer." >&2
    return 1
  fi
  ver=""
  while IFS= read -r line; do
    case $line in
      *"Apache Maven "[0-9]*)
        ver=${line#*Apache Maven }
        ver=${ver%%[!0-9.]*}
        break
        ;;
    esac
  done <<EOF_MAVEN
$out
EOF_MAVEN
  mv_major=${ver%%.*}
  mv_minor=${ver#*.}
  mv_minor=${mv_minor%%.*}
  case "$mv_major:$mv_minor" in
    [0-9]*:[0-9]*) ;;
    *) mv_major=0; mv_minor=0 ;;
  esac
  if [ "$mv_major" -lt "$CONTENTPAY_MIN_MAVEN_MAJOR" ] ||
     { [ "$mv_major" -eq "$CONTENTPAY_MIN_MAVEN_MAJOR" ] && [ "$mv_minor" -lt "$CONTENTPAY_MIN_MAVEN_MINOR" ]; }; then
    echo "contentpay needs Apache Maven $CONTENTPAY_MIN_MAVEN_MAJOR.$CONTENTPAY_MIN_MAVEN_MINOR or newer, but '$mvn_bin' is ${ver:-of an unknown version}; install a newer one, for example 'apt-get install maven', and put it first on PATH." >&2
    return 1
  fi
  CONTENTPAY_MAVEN_VERSION=$ver
  export CONTENTPAY_MAVEN_VERSION
  return 0
}

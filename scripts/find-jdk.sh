# Sourced by ./rnn and .ci/run: exports JAVA_HOME pointing at a JDK 25 or newer, or exits with advice.
java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}
jdk_ok() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(java_major "$1")" -ge 25 ] 2>/dev/null
}
if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
    :
elif command -v javac >/dev/null && jdk_ok "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
else
    found=""
    for d in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[5-9]* /usr/lib/jvm/*; do
        if [ -d "$d" ] && jdk_ok "$d"; then found="$d"; break; fi
    done
    if [ -z "$found" ]; then
        echo "error: this project needs a JDK 25 or newer; set JAVA_HOME to one (e.g. Temurin 25)" >&2
        exit 1
    fi
    JAVA_HOME="$found"
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

#!/bin/sh
# Trains the class data sharing archive that shortens the service's start (run by `mvn package`).
#
# A boot of Tokenkeeper loads some 25,000 classes, and reading, parsing and verifying them is the
# largest single part of its start. The JDK can keep them, already parsed and verified, in an archive
# mapped into memory at the next start (CDS, JEP 350's dynamic archive). This script boots the jar once
# with Payara Micro's --warmup (deploy, run the start-up beans on a throw-away H2 database, shut
# down) and lets the JVM write the classes it loaded into the archive at exit.
#
# The archive only fits the JDK that wrote it and the jar it was trained on: a different java prints
# a warning and starts without it (nothing else changes). Skip it with -Dcds.skip=true.
#
# usage: class-data-sharing.sh JAR ARCHIVE
set -eu
jar="$1"
archive="$2"
work="$(mktemp -d "${TMPDIR:-/tmp}/tokenkeeper-cds.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rm -f "$archive"
echo "Training the class data sharing archive $archive (one boot of $jar with --warmup)"
# A database chosen by the environment is not for training: the boot uses its own empty H2.
if ! env -u TOKENKEEPER_DB_URL -u TOKENKEEPER_DB_USER -u TOKENKEEPER_DB_PASSWORD \
        TOKENKEEPER_DATA_DIR="$work/data" LIQUIBASE_ANALYTICS_ENABLED=false \
        java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
        -jar "$jar" --nocluster --rootdir "$work/root" --port 18680 --autobindhttp --warmup \
        > "$work/warmup.log" 2>&1; then
    echo "The training boot failed; its last lines:" >&2
    tail -n 40 "$work/warmup.log" >&2
    exit 1
fi
if [ ! -s "$archive" ]; then
    echo "The training boot ended but wrote no archive ($archive); its last lines:" >&2
    tail -n 40 "$work/warmup.log" >&2
    exit 1
fi
echo "Wrote $archive ($(du -m "$archive" | cut -f1) MB)"

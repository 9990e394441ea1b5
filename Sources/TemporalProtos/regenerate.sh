#!/usr/bin/env bash
# Regenerates the committed Swift code in Sources/TemporalProtos/Generated from the trimmed
# .proto files in Sources/TemporalProtos/proto, with apt's protoc and the code generators of the
# pinned packages (swift-protobuf's protoc-gen-swift, grpc-swift-protobuf's protoc-gen-grpc-swift-2),
# built into this package's .build folder (never committed).
#
#   Sources/TemporalProtos/regenerate.sh           # rewrite Generated/
#   Sources/TemporalProtos/regenerate.sh --check   # fail when Generated/ differs from what the protos give
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 2; }

cd "$root"
swift build -q --product protoc-gen-swift
swift build -q --product protoc-gen-grpc-swift-2
bin="$(swift build --show-bin-path)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$here/proto"
protos=$(find temporal -name '*.proto' | LC_ALL=C sort)
protoc --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores --swift_out="$out" $protos
protoc --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
  --grpc-swift-2_opt=Visibility=Public,Client=true,Server=false,FileNaming=PathToUnderscores \
  --grpc-swift-2_out="$out" temporal/api/workflowservice/v1/service.proto

if [ "${1:-}" = "--check" ]; then
  if ! diff -r "$out" "$here/Generated" >/dev/null; then
    diff -r "$out" "$here/Generated" | head -40 >&2
    echo "Sources/TemporalProtos/Generated is out of date with proto/: run Sources/TemporalProtos/regenerate.sh" >&2
    exit 1
  fi
  echo "Sources/TemporalProtos/Generated matches proto/"
else
  rm -rf "$here/Generated"
  mkdir -p "$here/Generated"
  cp "$out"/*.swift "$here/Generated/"
  echo "wrote $(ls "$here/Generated" | wc -l) files to Sources/TemporalProtos/Generated"
fi

#!/usr/bin/env bash
# Runs the end-to-end tests of `asl serve` with the real AWS SDK for JavaScript (node >= 20).
# Uses ASL_CLI (an `asl` executable or asl.dll) when set, else the newest built
# artifacts/bin/AslCompiler.Cli/{release,debug}/asl.dll, building the CLI (Release) when there is none.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ -z "${ASL_CLI:-}" && ! -f "$repo/artifacts/bin/AslCompiler.Cli/release/asl.dll" && ! -f "$repo/artifacts/bin/AslCompiler.Cli/debug/asl.dll" ]]; then
  dotnet build "$repo/src/AslCompiler.Cli" -c Release --nologo -v quiet
fi
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-concurrency=1 serve.test.mjs

#!/usr/bin/env bash
# Runs the end-to-end tests of `asl serve` with the real AWS SDK for JavaScript.
# Needs node >= 20 and a built CLI (dotnet build src/AslCompiler.Cli), or ASL_CLI=path/to/asl(.dll).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-concurrency=1 serve.test.mjs

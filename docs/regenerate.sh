#!/usr/bin/env bash
# Regenerates the generated documents from the spec records' [Param] attributes.
set -euo pipefail
cd "$(dirname "$0")/.."
cli() { dotnet run --project src/Scenarios -v q -- "$@"; }
cli schema --markdown > docs/scenarios.md
{ cat docs/parameters.head.md; cli schema --parameters; } > docs/parameters.md

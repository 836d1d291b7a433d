#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every check: formatting, lints, unit,
# integration and property tests, the benchmarks once each in test mode, and doc tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test --all-targets
cargo test --doc

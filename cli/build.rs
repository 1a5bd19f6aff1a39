//! On Windows, links into `sgpay.exe` the version resource that `tools/windows/build` made.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    if let Some(resource) = windows_version_resource("sgpay.exe") {
        println!("cargo:rustc-link-arg-bins={}", resource.display());
    }
}

include!("../tools/windows/version_resource.rs");

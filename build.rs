//! Gives the Linux shared library the SONAME `libsgpay.so`. A host that loaded it by full
//! path (the C# binding under Mono loads `runtimes/linux-x64/native/libsgpay.so`) then gets
//! the same library back when the runtime asks the dynamic loader for `libsgpay.so` by name.
//! On Windows, links into `sgpay.dll` the version resource that `tools/windows/build` made.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("linux") => println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libsgpay.so"),
        Ok("windows") => {
            if let Some(resource) = windows_version_resource("sgpay.dll") {
                println!("cargo:rustc-cdylib-link-arg={}", resource.display());
            }
        }
        _ => {}
    }
}

/// The compiled version resource of `file` for this target, when the build names a folder
/// of them: `$SGPAY_WINDOWS_RESOURCES/<target triple>/<file>.o` (`tools/windows/build`).
/// Cargo links again whenever that object changes.
fn windows_version_resource(file: &str) -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed=SGPAY_WINDOWS_RESOURCES");
    let folder = std::env::var_os("SGPAY_WINDOWS_RESOURCES")?;
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let resource = PathBuf::from(folder).join(target).join(format!("{file}.o"));
    assert!(
        resource.is_file(),
        "SGPAY_WINDOWS_RESOURCES is set but {} does not exist",
        resource.display()
    );
    println!("cargo:rerun-if-changed={}", resource.display());
    Some(resource)
}

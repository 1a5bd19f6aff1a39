//! Gives the Linux shared library the SONAME `libsgpay.so`. A host that loaded it by full
//! path (the C# binding under Mono loads `runtimes/linux-x64/native/libsgpay.so`) then gets
//! the same library back when the runtime asks the dynamic loader for `libsgpay.so` by name.
//! On Windows, links into `sgpay.dll` the version resource that `tools/windows/build` made.

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

include!("tools/windows/version_resource.rs");

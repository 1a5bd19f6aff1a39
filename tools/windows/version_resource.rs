// How a build script finds the Windows version resource that `tools/windows/build`
// compiled for its file, in one place: `build.rs` and `cli/build.rs` include it.

/// The compiled version resource of `file` for this target, when the build names a folder
/// of them: `$SGPAY_WINDOWS_RESOURCES/<target triple>/<file>.o` (`tools/windows/build`).
/// Cargo links again whenever that object changes.
fn windows_version_resource(file: &str) -> Option<std::path::PathBuf> {
    println!("cargo:rerun-if-env-changed=SGPAY_WINDOWS_RESOURCES");
    let folder = std::env::var_os("SGPAY_WINDOWS_RESOURCES")?;
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let resource = std::path::PathBuf::from(folder).join(target).join(format!("{file}.o"));
    assert!(
        resource.is_file(),
        "SGPAY_WINDOWS_RESOURCES is set but {} does not exist",
        resource.display()
    );
    println!("cargo:rerun-if-changed={}", resource.display());
    Some(resource)
}

// Rebuild when UI strings or the built-in course change: rust-i18n and include_dir read them at
// compile time, and cargo would not notice edits on its own.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=lessons");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        println!(
            "cargo:rustc-link-arg-bins=-Wl,-T,{}/link/hot.ld",
            std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()
        );
        println!("cargo:rerun-if-changed=link/hot.ld");
    }
}

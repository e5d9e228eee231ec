// Rebuild when UI strings or the built-in course change: rust-i18n and include_dir read them at
// compile time, and cargo would not notice edits on its own.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=lessons");
    // Linux (glibc): pack the position-independent program's relative relocations (DT_RELR).
    // The loader then reads a few KB at start instead of a 550 KB table, and the program keeps
    // its address-space randomisation. ld uses it only where glibc supports it (2.36 and later);
    // an older toolchain ignores the option.
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

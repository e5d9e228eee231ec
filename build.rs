// Rebuild when UI strings or the built-in course change: rust-i18n and include_dir read them at
// compile time, and cargo would not notice edits on its own.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=lessons");
}

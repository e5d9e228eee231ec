use super::*;

#[test]
fn suggests_close_field_names() {
    assert_eq!(suggest("titel", &["id", "title", "pages"]), Some("title"));
    assert_eq!(
        suggest("qestions", &["questions", "order"]),
        Some("questions")
    );
    assert_eq!(suggest("zzz", &["id", "title"]), None);
}

#[test]
fn slugs() {
    assert!(is_slug("ma-otp-2"));
    assert!(!is_slug("Mã OTP"));
    assert!(!is_slug(""));
}

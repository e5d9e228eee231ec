//! Vietnamese answer normalisation for typed answers: NFC, spaces, case and accent folding.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC, trimmed, inner runs of whitespace collapsed to one space. Done on submit only: input
/// methods (Telex, VNI) rewrite the buffer while typing, so we never normalise mid-word.
pub fn tidy(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Punctuation and quotes that do not change what was answered when they open or close it.
fn is_outer_mark(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '`'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '‚'
            | '…'
            | '–'
            | '—'
            | '¡'
            | '¿'
    )
}

/// Without leading and trailing punctuation, quotes and spaces: `OTP.`, `"Dừng lại!"` and `10/10.`
/// grade as `OTP`, `Dừng lại` and `10/10`. Marks inside stay (`10/10`, `Wi-Fi`); a text made only
/// of marks is left as it is, so that `?` can still be an answer.
pub fn strip_outer_marks(s: &str) -> &str {
    let t = s.trim_matches(|c: char| is_outer_mark(c) || c.is_whitespace());
    if t.is_empty() { s } else { t }
}

/// Lower case, for `ignore_case` comparisons.
pub fn fold_case(s: &str) -> String {
    s.to_lowercase()
}

/// Strips Vietnamese accents and tone marks: NFD, drop combining marks, `đ/Đ` → `d/D` by hand
/// (đ has no decomposition). Result is NFC.
pub fn fold_diacritics(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .nfc()
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("  mã   OTP ", "mã OTP")]
    #[case("a\u{0301}", "á")]
    #[case("", "")]
    fn tidies(#[case] input: &str, #[case] want: &str) {
        assert_eq!(tidy(input), want);
    }

    #[rstest]
    #[case("OTP.", "OTP")]
    #[case("\"Dừng lại!\"", "Dừng lại")]
    #[case("“Dừng lại!”", "Dừng lại")]
    #[case("10/10.", "10/10")]
    #[case(" ( Wi-Fi ) ", "Wi-Fi")]
    #[case("?", "?")]
    fn strips_outer_marks_only(#[case] input: &str, #[case] want: &str) {
        assert_eq!(strip_outer_marks(input), want);
    }

    #[rstest]
    #[case("điện thoại", "dien thoai")]
    #[case("ĐIỆN THOẠI", "DIEN THOAI")]
    #[case("ma má mà mả mã mạ", "ma ma ma ma ma ma")]
    #[case("Nguyễn", "Nguyen")]
    fn folds_accents(#[case] input: &str, #[case] want: &str) {
        assert_eq!(fold_diacritics(input), want);
    }

    proptest! {
        #[test]
        fn tidy_is_idempotent(s in "\\PC{0,30}") {
            let once = tidy(&s);
            prop_assert_eq!(tidy(&once), once.clone());
        }

        #[test]
        fn nfd_and_nfc_fold_alike(s in "[a-zđăâêôơưáàảãạếềểễệ ]{0,20}") {
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold_diacritics(&s), fold_diacritics(&nfd));
            prop_assert_eq!(tidy(&s), tidy(&nfd));
        }
    }
}

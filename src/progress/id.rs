//! Learner ids: an ASCII slug of the name plus a short random part, safe as a file name anywhere.
//!
//! Pure: the random part comes from a caller-supplied generator.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest slug kept from a name (the id stays short on screen and in paths).
const SLUG_MAX: usize = 24;
/// Length of the random part.
const RANDOM_LEN: usize = 6;
/// Longest id accepted from a file or the command line.
const ID_MAX: usize = 64;
/// Slug used when a name has no ASCII letters or digits at all (emoji, only spaces, …).
const FALLBACK_SLUG: &str = "hoc-vien";

/// Folds Vietnamese (and other Latin) text to lower-case ASCII: diacritics removed (NFD, marks
/// dropped) and `đ`/`Đ` → `d` (it has no decomposition). Other characters are kept as they are.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// ASCII slug of a display name: `"Nguyễn Thị Hoa"` → `"nguyen-thi-hoa"`. Never empty, never
/// longer than 24 bytes, only `[a-z0-9-]`, no leading/trailing `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            if out.len() >= SLUG_MAX {
                break;
            }
            out.push(c);
        } else {
            dash = true;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        FALLBACK_SLUG.to_string()
    } else {
        out
    }
}

/// A name or detail as stored: NFC, control characters (escape codes, tabs, newlines) removed,
/// trimmed. Used for names typed in the app and names arriving in imported files alike, so a
/// file cannot smuggle terminal escape codes onto a trainer's screen.
/// Invisible formatting (zero-width joiners, variation selectors, bidi marks) goes too, and
/// line separators become spaces: see [`crate::ui::safe_text`].
pub fn clean_text(text: &str) -> String {
    let s: String = text
        .nfc()
        .filter(|c| !c.is_control() && !crate::ui::safe_text::is_invisible(*c))
        .filter(|c| !crate::ui::safe_text::is_dangerous(*c))
        .map(|c| {
            if matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    s.trim().to_string()
}

/// A new id for `name`: `slug-xxxxxx` with a random lower-case letter/digit part.
pub fn new_id(name: &str, rng: &mut fastrand::Rng) -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789"; // no 0/o, 1/l: read aloud safely
    let random: String = (0..RANDOM_LEN)
        .map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char)
        .collect();
    format!("{}-{random}", slug(name))
}

/// Whether `id` is safe to use as a file stem: 1–64 bytes of `[a-z0-9-]`, not starting with `-`.
/// Ids read from files or typed on the command line are checked with this before touching disk,
/// so `../../etc/passwd`, `CON` or `a.json` can never name a path.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= ID_MAX
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(slug("Nguyễn Thị Hoa"), "nguyen-thi-hoa");
        assert_eq!(slug("ĐẶNG VĂN ĐỨC"), "dang-van-duc");
        // Decomposed input (macOS, Unikey "tổ hợp") gives the same slug.
        assert_eq!(slug("Nguye\u{302}\u{303}n"), "nguyen");
    }

    #[test]
    fn unsafe_names_give_safe_ids() {
        let mut rng = fastrand::Rng::with_seed(7);
        for name in [
            "../../etc/passwd",
            "CON",
            "NUL.txt",
            "   ",
            "",
            "😀😀",
            "a\u{0}b\u{7}c\r\n",
            &"x".repeat(300),
            "..\\..\\windows",
        ] {
            let id = new_id(name, &mut rng);
            assert!(is_valid_id(&id), "{name:?} → {id:?}");
            assert!(id.len() <= 31, "{id}");
        }
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("   "), "hoc-vien");
    }

    #[test]
    fn rejects_path_like_ids() {
        for bad in [
            "",
            "../x",
            "a/b",
            "a\\b",
            "A",
            "x.json",
            "-x",
            "con ",
            &"a".repeat(65),
        ] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
        assert!(is_valid_id("nguyen-thi-hoa-ab3k9z"));
    }
}

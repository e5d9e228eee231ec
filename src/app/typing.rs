//! Typed answers that look like Telex or VNI keystrokes ("camr uwngs", "ca3m u7ng1" for "cảm
//! ứng"): the Vietnamese keyboard was off. The answer is graded as typed; the feedback only adds
//! a word about the keyboard. Pure: each word is read back as Telex and as VNI and compared
//! with the accepted answers letter by letter, tone by tone (where a tone key falls in the word
//! does not matter, as in the input methods themselves).

use unicode_normalization::UnicodeNormalization;

/// The five tone marks (combining), in the order of VNI's 1–5: sắc, huyền, hỏi, ngã, nặng.
const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// A word as letters (with their hats, breves and horns, NFC) and its tone, if any.
type Word = (String, Option<char>);

/// True when `typed` is one of `accept` typed with the Vietnamese keyboard off (Telex or VNI),
/// and not already that answer.
pub fn keyboard_off(typed: &str, accept: &[String]) -> bool {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() || !typed.is_ascii() {
        return false;
    }
    let want: Vec<Vec<Word>> = accept
        .iter()
        .map(|a| {
            a.to_lowercase()
                .split_whitespace()
                .map(split_tone)
                .collect()
        })
        .collect();
    let read =
        |decode: fn(&str) -> Word| -> Vec<Word> { typed.split_whitespace().map(decode).collect() };
    let (telex, vni) = (read(telex), read(vni));
    let plain: Vec<Word> = typed.split_whitespace().map(|w| (w.into(), None)).collect();
    want.iter()
        .any(|w| *w != plain && (*w == telex || *w == vni))
}

/// A written word as its letters and its tone.
fn split_tone(word: &str) -> Word {
    let mut tone = None;
    let letters: String = word
        .nfd()
        .filter(|c| {
            let is_tone = TONES.contains(c);
            if is_tone {
                tone = Some(*c);
            }
            !is_tone
        })
        .nfc()
        .collect();
    (letters, tone)
}

/// Adds a combining mark to the last letter `base` of `out` that can take it.
fn mark(out: &mut String, bases: &[char], m: char) -> bool {
    let chars: Vec<char> = out.chars().collect();
    let Some(i) = chars.iter().rposition(|c| bases.contains(c)) else {
        return false;
    };
    let mut s: String = chars[..=i].iter().collect();
    s.push(m);
    s.extend(&chars[i + 1..]);
    *out = s.nfc().collect();
    true
}

fn has_vowel(s: &str) -> bool {
    s.nfd().any(|c| "aeiouy".contains(c))
}

/// A word typed in Telex with the keyboard off, read back.
fn telex(word: &str) -> Word {
    let mut out = String::new();
    let mut tone = None;
    for c in word.chars() {
        let last = out.chars().last();
        let done = match c {
            'd' if last == Some('d') => {
                out.pop();
                out.push('đ');
                true
            }
            'a' | 'e' | 'o' if last == Some(c) => {
                out.pop();
                out.extend([c, '\u{302}']);
                out = out.nfc().collect();
                true
            }
            // "uow" → "ươ": both take the horn.
            'w' if out.ends_with("uo") => {
                out.truncate(out.len() - 2);
                out.push_str("ươ");
                true
            }
            'w' => mark(&mut out, &['a'], '\u{306}') || mark(&mut out, &['o', 'u'], '\u{31b}'),
            's' | 'f' | 'r' | 'x' | 'j' if has_vowel(&out) => {
                tone = Some(TONES["sfrxj".find(c).unwrap_or(0)]);
                true
            }
            _ => false,
        };
        if !done {
            out.push(c);
        }
    }
    (out, tone)
}

/// A word typed in VNI with the keyboard off, read back.
fn vni(word: &str) -> Word {
    let mut out = String::new();
    let mut tone = None;
    for c in word.chars() {
        let done = match c {
            '1'..='5' if has_vowel(&out) => {
                tone = Some(TONES[usize::from(c as u8 - b'1')]);
                true
            }
            '6' => mark(&mut out, &['a', 'e', 'o'], '\u{302}'),
            '7' if out.ends_with("uo") => {
                out.truncate(out.len() - 2);
                out.push_str("ươ");
                true
            }
            '7' => mark(&mut out, &['o', 'u'], '\u{31b}'),
            '8' => mark(&mut out, &['a'], '\u{306}'),
            '9' => match out.rfind('d') {
                Some(i) => {
                    out.replace_range(i..=i, "đ");
                    true
                }
                None => false,
            },
            _ => false,
        };
        if !done {
            out.push(c);
        }
    }
    (out, tone)
}

#[cfg(test)]
mod tests {
    use super::keyboard_off;

    fn accept(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn telex_and_vni_with_the_keyboard_off_are_recognised() {
        let a = accept(&["cảm ứng"]);
        for typed in ["camr uwngs", "carm uwsng", "ca3m u7ng1", "CAMR UWNGS"] {
            assert!(keyboard_off(typed, &a), "{typed}");
        }
        assert!(keyboard_off("ddieenj thoaij", &accept(&["điện thoại"])));
        assert!(keyboard_off("nguwowif", &accept(&["người"])));
        assert!(!keyboard_off("mast khaaur", &accept(&["mật khẩu", "mk"])));
        assert!(keyboard_off("maatj khaaur", &accept(&["mật khẩu"])));
    }

    #[test]
    fn other_answers_are_not_taken_for_a_keyboard_that_is_off() {
        let a = accept(&["cảm ứng", "OTP"]);
        for typed in ["cam ung", "cảm ứng", "camr", "otp", "", "xyz"] {
            assert!(!keyboard_off(typed, &a), "{typed}");
        }
    }
}

//! Where things go on a certificate, measured with the embedded fonts: the learner's name
//! (shrunk, then wrapped, or refused), word wrapping, and the list of modules (smaller, then in
//! columns, so the signatures and the code always stay on the page).

use super::fonts::Fonts;

/// A4 in PostScript points.
pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const MARGIN: f32 = 56.0;

/// Between two columns of the module list.
pub(super) const COLUMN_GAP: f32 = 16.0;

/// How the modules are set: font size, columns, modules per column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ModulesFit {
    pub(super) size: f32,
    pub(super) columns: usize,
    pub(super) per_column: usize,
}

/// The largest size (12 pt down to 8), in the fewest columns (up to 3), at which `modules` fit
/// in `height`; the smallest in three columns when nothing does (a course of dozens of modules).
pub(super) fn modules_fit(
    fonts: &Fonts,
    modules: &[String],
    width: f32,
    height: f32,
) -> ModulesFit {
    let mut last = ModulesFit {
        size: 8.0,
        columns: 3,
        per_column: modules.len().div_ceil(3),
    };
    for size in [12.0, 11.0, 10.0, 9.0, 8.0] {
        for columns in 1..=3usize {
            let per_column = modules.len().div_ceil(columns).max(1);
            let col_w = (width - (columns - 1) as f32 * COLUMN_GAP) / columns as f32;
            let indent = list_indent(fonts, size);
            let tallest = modules
                .chunks(per_column)
                .map(|chunk| {
                    chunk
                        .iter()
                        .map(|m| {
                            wrap(fonts, size, col_w - indent, m).len() as f32 * size * 1.45 + 2.0
                        })
                        .sum::<f32>()
                })
                .fold(0.0, f32::max);
            let fit = ModulesFit {
                size,
                columns,
                per_column,
            };
            if tallest <= height {
                return fit;
            }
            last = fit;
        }
    }
    last
}

/// Where a module's text starts after its number ("10." included).
pub(super) fn list_indent(fonts: &Fonts, size: f32) -> f32 {
    6.0 * size / 12.0 + fonts.width(false, size, "00.") + 6.0
}

/// The name's line: at most this wide, at 24 pt down to [`NAME_MIN`] pt, then on up to
/// [`NAME_LINES`] lines at that size. Longer than that is not a name (a pasted paragraph):
/// [`name_fits`] says so and the certificate is refused before it is registered.
pub(super) const NAME_W: f32 = PAGE_W - 2.0 * MARGIN - 40.0;
pub(super) const NAME_MAX: f32 = 24.0;
pub(super) const NAME_MIN: f32 = 16.0;
pub(super) const NAME_LINES: usize = 2;

/// The size and lines the name is printed in, `None` when it cannot fit (or is blank).
pub(super) fn name_layout(fonts: &Fonts, name: &str) -> Option<(f32, Vec<String>)> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return None;
    }
    let mut size = NAME_MAX;
    while size >= NAME_MIN {
        if fonts.width(true, size, &name) <= NAME_W {
            return Some((size, vec![name]));
        }
        size -= 1.0;
    }
    let lines = wrap_with(fonts, true, NAME_MIN, NAME_W, &name);
    let fits = lines.len() <= NAME_LINES
        && lines
            .iter()
            .all(|l| fonts.width(true, NAME_MIN, l) <= NAME_W);
    fits.then_some((NAME_MIN, lines))
}

/// True when `name` can be printed on the certificate: not blank, and fitting the page
/// (shrunk, then wrapped on two lines).
pub fn name_fits(name: &str) -> bool {
    Fonts::load().is_some_and(|f| name_layout(&f, name).is_some())
}

/// Greedy word wrap by measured width; a word longer than the line stands alone.
pub(super) fn wrap(fonts: &Fonts, size: f32, width: f32, text: &str) -> Vec<String> {
    wrap_with(fonts, false, size, width, text)
}

pub(super) fn wrap_with(
    fonts: &Fonts,
    bold: bool,
    size: f32,
    width: f32,
    text: &str,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && fonts.width(bold, size, &candidate) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measuring_and_wrapping_use_the_real_font() {
        let fonts = Fonts::load().expect("fonts");
        let narrow = fonts.width(false, 12.0, "iii");
        let wide = fonts.width(false, 12.0, "MMM");
        assert!(narrow > 0.0 && wide > narrow * 1.5, "{narrow} {wide}");
        let lines = wrap(
            &fonts,
            12.0,
            150.0,
            "Sử dụng dịch vụ công trực tuyến một cách an toàn và đúng cách",
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| fonts.width(false, 12.0, l) <= 150.0 || !l.contains(' '))
        );
    }

    #[test]
    fn long_names_shrink_then_wrap_and_what_cannot_fit_is_refused() {
        let fonts = Fonts::load().expect("fonts");
        let (size, lines) = name_layout(&fonts, "Nguyễn Thị Hoa").expect("fits");
        assert_eq!((size, lines.len()), (NAME_MAX, 1));
        // Long but real: shrunk onto one line.
        let long = "Tôn Nữ Thị Huyền Trang Công Tằng Tôn Nữ";
        let (size, lines) = name_layout(&fonts, long).expect("fits");
        assert!(size < NAME_MAX && lines.len() == 1, "{size} {lines:?}");
        assert!(fonts.width(true, size, &lines[0]) <= NAME_W);
        // Longer: two lines at the smallest size, each within the width.
        let longer = format!("{long} {long}");
        let (size, lines) = name_layout(&fonts, &longer).expect("fits");
        assert_eq!((size, lines.len()), (NAME_MIN, 2));
        assert!(lines.iter().all(|l| fonts.width(true, size, l) <= NAME_W));
        assert_eq!(lines.join(" "), longer);
        // A pasted paragraph, one endless word, a blank name: refused.
        assert!(!name_fits(&"Nguyễn Văn An ".repeat(700)));
        assert!(!name_fits(&"A".repeat(200)));
        assert!(!name_fits(" \t "));
        assert!(!name_fits(""));
        assert!(name_fits(&longer));
    }

    #[test]
    fn many_modules_shrink_then_go_into_columns_and_stay_above_the_signatures() {
        let fonts = Fonts::load().expect("fonts");
        let line = |i: usize| format!("Chương số {i} về kỹ năng số (hoàn thành ngày 20/11/2026)");
        let few: Vec<String> = (1..=5).map(line).collect();
        let fit = modules_fit(&fonts, &few, 450.0, 170.0);
        assert_eq!((fit.size, fit.columns), (12.0, 1));
        let eleven: Vec<String> = (1..=11).map(line).collect();
        let fit = modules_fit(&fonts, &eleven, 450.0, 170.0);
        assert!(fit.size < 12.0 || fit.columns > 1, "{fit:?}");
        assert!(fit.per_column * fit.columns >= 11);
        // Whatever is chosen fits the height (checked the way it is drawn).
        let col_w = (450.0 - (fit.columns - 1) as f32 * COLUMN_GAP) / fit.columns as f32;
        let indent = list_indent(&fonts, fit.size);
        for chunk in eleven.chunks(fit.per_column) {
            let h: f32 = chunk
                .iter()
                .map(|m| {
                    wrap(&fonts, fit.size, col_w - indent, m).len() as f32 * fit.size * 1.45 + 2.0
                })
                .sum();
            assert!(h <= 170.0, "{h} {fit:?}");
        }
    }
}

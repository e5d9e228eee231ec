//! The fonts embedded in hocso's PDFs (certificates, the learner record): DejaVu Serif for the
//! text, and a small subset of DejaVu Sans for the symbols the serif lacks (✓ ✗ ⚠ ★). Text is
//! cut into runs by the font that has each character, measured (rustybuzz) and drawn (krilla)
//! run by run, so a status prints as the screen shows it. See `assets/fonts/`.

use std::sync::Arc;

use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

pub(crate) static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif-Bold.ttf");
/// ✓ ✗ ⚠ ★ ⌫ ●, which DejaVu Serif lacks: a 15 KB subset of DejaVu Sans (same licence), drawn in
/// their place so a status prints as the screen shows it.
static SYMBOLS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Symbols.ttf");

/// The embedded fonts, for drawing (krilla) and for measuring as drawn (rustybuzz); also used by
/// the learner's one-page record (`report::learner_sheet`).
pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
    symbols: Font,
    regular_face: rustybuzz::Face<'static>,
    bold_face: rustybuzz::Face<'static>,
    symbols_face: rustybuzz::Face<'static>,
}

impl Fonts {
    pub(crate) fn load() -> Option<Fonts> {
        Some(Fonts {
            regular: Font::new(Arc::new(REGULAR.to_vec()).into(), 0)?,
            bold: Font::new(Arc::new(BOLD.to_vec()).into(), 0)?,
            symbols: Font::new(Arc::new(SYMBOLS.to_vec()).into(), 0)?,
            regular_face: rustybuzz::Face::from_slice(REGULAR, 0)?,
            bold_face: rustybuzz::Face::from_slice(BOLD, 0)?,
            symbols_face: rustybuzz::Face::from_slice(SYMBOLS, 0)?,
        })
    }

    /// The character can be printed (by the serif, or the symbols in its place).
    pub(crate) fn can_draw(&self, c: char) -> bool {
        self.regular_face.glyph_index(c).is_some() || self.symbols_face.glyph_index(c).is_some()
    }

    /// `text` cut where the font changes: (drawn with the symbols font, the piece).
    fn runs<'t>(&self, text: &'t str) -> Vec<(bool, &'t str)> {
        let symbol = |c: char| {
            self.regular_face.glyph_index(c).is_none() && self.symbols_face.glyph_index(c).is_some()
        };
        let mut out: Vec<(bool, &str)> = Vec::new();
        let mut start = 0;
        let mut current = None;
        for (i, c) in text.char_indices() {
            // Letters (with their marks, which the serif has) and spaces stay in the serif.
            let s = if c.is_alphanumeric() || c.is_whitespace() {
                false
            } else {
                symbol(c)
            };
            match current {
                Some(prev) if prev != s => {
                    out.push((prev, &text[start..i]));
                    start = i;
                    current = Some(s);
                }
                None => current = Some(s),
                _ => {}
            }
        }
        if let Some(s) = current {
            out.push((s, &text[start..]));
        }
        out
    }

    fn face(&self, bold: bool, symbols: bool) -> (&rustybuzz::Face<'static>, &Font) {
        match (symbols, bold) {
            (true, _) => (&self.symbols_face, &self.symbols),
            (false, true) => (&self.bold_face, &self.bold),
            (false, false) => (&self.regular_face, &self.regular),
        }
    }

    fn run_width(&self, bold: bool, symbols: bool, size: f32, text: &str) -> f32 {
        let (face, _) = self.face(bold, symbols);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(face, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / f32::from(face.units_per_em() as u16)
    }

    /// Width of `text` at `size`, shaped as it will be drawn.
    pub(crate) fn width(&self, bold: bool, size: f32, text: &str) -> f32 {
        self.runs(text)
            .into_iter()
            .map(|(sym, t)| self.run_width(bold, sym, size, t))
            .sum()
    }

    /// Draws `text` with its left end at `(x, y)` (baseline), each piece in the font that has it.
    pub(crate) fn draw(
        &self,
        surface: &mut Surface<'_>,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: &str,
    ) {
        let mut x = x;
        for (sym, t) in self.runs(text) {
            let (_, font) = self.face(bold, sym);
            surface.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                size,
                t,
                false,
                TextDirection::Auto,
            );
            x += self.run_width(bold, sym, size, t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_the_serif_lacks_are_drawn_from_the_symbols_font() {
        let fonts = Fonts::load().expect("fonts");
        for c in ['✓', '✗', '⚠', '★', '◐', '○', 'ệ'] {
            assert!(fonts.can_draw(c), "{c}");
        }
        assert_eq!(
            fonts.runs("✓ Hoàn thành"),
            vec![(true, "✓"), (false, " Hoàn thành")]
        );
        assert_eq!(
            fonts.runs("⚠ Cần giúp ⚠"),
            vec![(true, "⚠"), (false, " Cần giúp "), (true, "⚠")]
        );
        // ◐ is in the serif: one run.
        assert_eq!(fonts.runs("◐ Đang học"), vec![(false, "◐ Đang học")]);
        // Measured in the font that draws it (not as a missing glyph).
        assert!(fonts.width(false, 12.0, "✓") > 4.0);
    }
}

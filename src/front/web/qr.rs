//! The join address as a QR code drawn with Unicode half blocks, two modules per character
//! cell, for the trainer's terminal or a projector.

use qrcode::{Color, EcLevel, QrCode};

/// Light modules are drawn (█▀▄) and dark ones left blank: the terminals of classroom PCs are
/// light text on a dark background, so the code comes out dark-on-light as cameras expect.
/// A quiet zone of 2 modules (light) surrounds it.
pub fn lines(text: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let w = code.width();
    let colors = code.to_colors();
    let quiet = 2usize;
    let side = w + 2 * quiet;
    // Light outside the code itself.
    let light = |x: usize, y: usize| -> bool {
        if x < quiet || y < quiet || x >= w + quiet || y >= w + quiet {
            return true;
        }
        colors[(y - quiet) * w + (x - quiet)] == Color::Light
    };
    let mut out = Vec::with_capacity(side.div_ceil(2));
    for y in (0..side).step_by(2) {
        let line: String = (0..side)
            .map(|x| match (light(x, y), y + 1 < side && light(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            })
            .collect();
        out.push(line);
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_url_makes_a_square_of_half_blocks() {
        let l = lines("http://192.168.1.10:8080/?code=123456").unwrap();
        let width = l[0].chars().count();
        assert!(width >= 25 + 4, "{width}");
        assert_eq!(l.len(), width.div_ceil(2));
        // The quiet zone: the first line is all light.
        assert!(l[0].chars().all(|c| c == '█'));
        assert!(l.iter().any(|x| x.contains(' ')));
    }
}

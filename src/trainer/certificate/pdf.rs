//! Certificates as A4 pages, one per learner (a class prints as one file), drawn with krilla.
//!
//! The text is set in DejaVu Serif (free licence, full Vietnamese coverage; see
//! `assets/fonts/LICENSE-DejaVu.txt`), embedded as a subset, so the page prints the same on any
//! PC whatever fonts it has. Every string arrives already written ([`Sheet`]): the wording
//! lives in `locales/`, this module only places it.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;

pub(crate) use super::fonts::Fonts;
pub use super::layout::name_fits;
use super::layout::{
    COLUMN_GAP, MARGIN, NAME_MAX, PAGE_H, PAGE_W, list_indent, modules_fit, name_layout, wrap,
    wrap_with,
};

const INK: (u8, u8, u8) = (20, 30, 60);
const RED: (u8, u8, u8) = (150, 20, 20);

/// Everything printed on the page, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sheet {
    /// Top left: who issues it (commune, class), one line each.
    pub issuer: Vec<String>,
    /// Top right: the national motto, two lines.
    pub motto: [String; 2],
    /// "GIẤY CHỨNG NHẬN".
    pub title: String,
    /// "Hoàn thành khóa học … «Công dân số»".
    pub subtitle: String,
    /// "Chứng nhận ông/bà".
    pub certifies: String,
    pub name: String,
    /// "Năm sinh: 1962 · Thôn/lớp: Thôn Đông".
    pub details: String,
    /// "Đã học và đạt các chương:".
    pub modules_intro: String,
    /// One line per module: title and completion date.
    pub modules: Vec<String>,
    /// "Xã An Lão, ngày 30 tháng 11 năm 2026".
    pub place_date: String,
    /// Left: the trainer ("NGƯỜI HƯỚNG DẪN").
    pub trainer: Signature,
    /// Right, under the place and date: the commune ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), with
    /// room for the signature and the stamp.
    pub chair: Signature,
    /// "Mã xác nhận: K7Q2M-9XMD4 — liên hệ UBND xã An Lão để kiểm tra".
    pub code_line: String,
    /// A line in words on how the office checks it.
    pub verify_line: String,
    /// PDF title (document properties).
    pub doc_title: String,
}

/// Where the list of modules must end: the place, date and signatures start below it.
const MODULES_END: f32 = PAGE_H - 288.0;

/// A signature block: title lines, the hint in brackets, the name printed under the space left
/// for the signature (empty: written by hand).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signature {
    pub role: Vec<String>,
    pub hint: String,
    pub name: String,
}

enum Align {
    Left(f32),
    Center(f32),
}

struct Pen<'a, 'b> {
    surface: &'a mut Surface<'b>,
    fonts: &'a Fonts,
}

impl Pen<'_, '_> {
    fn colour(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    fn text(&mut self, align: Align, y: f32, size: f32, bold: bool, text: &str) {
        let w = self.fonts.width(bold, size, text);
        let x = match align {
            Align::Left(x) => x,
            Align::Center(c) => c - w / 2.0,
        };
        self.fonts.draw(self.surface, x, y, size, bold, text);
    }

    /// Draws `text` wrapped to `width`; returns the y below the last line.
    fn wrapped(&mut self, x: f32, y: f32, width: f32, size: f32, text: &str) -> f32 {
        let mut y = y;
        for line in wrap(self.fonts, size, width, text) {
            self.text(Align::Left(x), y, size, false, &line);
            y += size * 1.45;
        }
        y
    }

    /// Bold, wrapped to `width`; returns the y below the last line.
    fn wrapped_bold(&mut self, x: f32, y: f32, width: f32, size: f32, text: &str) -> f32 {
        let mut y = y;
        for line in wrap_with(self.fonts, true, size, width, text) {
            self.text(Align::Left(x), y, size, true, &line);
            y += size * 1.45;
        }
        y
    }

    fn frame(&mut self, inset: f32, width: f32, (r, g, b): (u8, u8, u8)) {
        let mut pb = PathBuilder::new();
        if let Some(rect) =
            Rect::from_xywh(inset, inset, PAGE_W - 2.0 * inset, PAGE_H - 2.0 * inset)
        {
            pb.push_rect(rect);
        }
        let Some(path) = pb.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(r, g, b).into(),
            width,
            ..Default::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        let mut pb = PathBuilder::new();
        pb.move_to(x1, y);
        pb.line_to(x2, y);
        let Some(path) = pb.finish() else { return };
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(INK.0, INK.1, INK.2).into(),
            width: 0.8,
            ..Default::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }
}

/// The PDF bytes of one certificate.
pub fn render(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    render_many(std::slice::from_ref(sheet), &sheet.doc_title)
}

/// One PDF with a page per certificate, in the order given (a class prints as one file).
pub fn render_many(sheets: &[Sheet], title: &str) -> anyhow::Result<Vec<u8>> {
    let fonts = Fonts::load().ok_or_else(|| anyhow::anyhow!("embedded font unreadable"))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("vi".to_string())
            .creator("hocso".to_string()),
    );
    for sheet in sheets {
        let settings =
            PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| anyhow::anyhow!("page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        {
            let mut pen = Pen {
                surface: &mut surface,
                fonts: &fonts,
            };
            draw(&mut pen, sheet);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| anyhow::anyhow!("PDF: {e:?}"))
}

fn draw(pen: &mut Pen<'_, '_>, s: &Sheet) {
    let centre = PAGE_W / 2.0;
    pen.frame(22.0, 3.0, RED);
    pen.frame(30.0, 0.8, RED);

    // Header: issuer on the left, national motto on the right.
    pen.colour(INK);
    let left_c = MARGIN + 110.0;
    let right_c = PAGE_W - MARGIN - 120.0;
    let mut y = 82.0;
    for (i, line) in s.issuer.iter().enumerate() {
        pen.text(Align::Center(left_c), y, 10.5, i == 0, line);
        y += 15.0;
    }
    pen.text(Align::Center(right_c), 82.0, 10.5, true, &s.motto[0]);
    pen.text(Align::Center(right_c), 97.0, 11.0, true, &s.motto[1]);
    let motto_w = pen.fonts.width(true, 11.0, &s.motto[1]);
    pen.rule(right_c - motto_w / 2.0, right_c + motto_w / 2.0, 101.5);

    // Title block.
    pen.colour(RED);
    pen.text(Align::Center(centre), 190.0, 30.0, true, &s.title);
    pen.colour(INK);
    let mut y = 222.0;
    for line in wrap(pen.fonts, 13.0, PAGE_W - 2.0 * MARGIN - 40.0, &s.subtitle) {
        pen.text(Align::Center(centre), y, 13.0, false, &line);
        y += 19.0;
    }

    // Who.
    y += 28.0;
    pen.text(Align::Center(centre), y, 13.0, false, &s.certifies);
    y += 36.0;
    pen.colour(RED);
    // The caller refused a name that does not fit; drawn as given if it comes here anyway.
    let (size, lines) = name_layout(pen.fonts, &s.name).unwrap_or((NAME_MAX, vec![s.name.clone()]));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            y += size * 1.3;
        }
        pen.text(Align::Center(centre), y, size, true, line);
    }
    pen.colour(INK);
    y += 26.0;
    if !s.details.is_empty() {
        pen.text(Align::Center(centre), y, 12.0, false, &s.details);
        y += 34.0;
    }

    // What.
    let text_x = MARGIN + 24.0;
    let text_w = PAGE_W - 2.0 * text_x;
    pen.text(Align::Left(text_x), y, 12.5, true, &s.modules_intro);
    y += 22.0;
    // A learner who finished every module of a long course: smaller, then in columns, so the
    // signatures and the code always stay on the page.
    let fit = modules_fit(pen.fonts, &s.modules, text_w, MODULES_END - y);
    let col_w = (text_w - (fit.columns - 1) as f32 * COLUMN_GAP) / fit.columns as f32;
    let indent = list_indent(pen.fonts, fit.size);
    let mut bottom = y;
    for (c, chunk) in s.modules.chunks(fit.per_column.max(1)).enumerate() {
        let x = text_x + c as f32 * (col_w + COLUMN_GAP);
        let mut cy = y;
        for (j, m) in chunk.iter().enumerate() {
            let bullet = format!("{}.", c * fit.per_column + j + 1);
            pen.text(
                Align::Left(x + 6.0 * fit.size / 12.0),
                cy,
                fit.size,
                false,
                &bullet,
            );
            cy = pen.wrapped(x + indent, cy, col_w - indent, fit.size, m);
            cy += 2.0;
        }
        bottom = bottom.max(cy);
    }
    let y = bottom;

    // Place and date on the right; under them two signature blocks: the trainer on the left,
    // the commune's chairman on the right (the office signs and stamps there).
    let left_c = MARGIN + 105.0;
    let right_c = PAGE_W - MARGIN - 115.0;
    let sign_y = (y + 30.0).max(PAGE_H - 258.0);
    pen.text(Align::Center(right_c), sign_y, 11.5, false, &s.place_date);
    let top = sign_y + 22.0;
    let mut lowest = top;
    for (c, sig) in [(left_c, &s.trainer), (right_c, &s.chair)] {
        let mut y = top;
        for line in &sig.role {
            pen.text(Align::Center(c), y, 12.0, true, line);
            y += 15.0;
        }
        if !sig.hint.is_empty() {
            pen.text(Align::Center(c), y, 10.0, false, &sig.hint);
            y += 15.0;
        }
        lowest = lowest.max(y);
    }
    // Room for a signature and a round stamp (about 3 cm across).
    let names_y = lowest + 80.0;
    for (c, sig) in [(left_c, &s.trainer), (right_c, &s.chair)] {
        if !sig.name.is_empty() {
            pen.text(Align::Center(c), names_y, 13.0, true, &sig.name);
        }
    }

    // How to check it, in words, at the bottom.
    let code_y = (names_y + 34.0).max(PAGE_H - 92.0);
    let width = PAGE_W - 2.0 * MARGIN;
    let after = pen.wrapped_bold(MARGIN, code_y, width, 11.0, &s.code_line);
    pen.wrapped(MARGIN, after, width, 9.5, &s.verify_line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_pdf() {
        let sheet = Sheet {
            name: "Nguyễn Thị Hoa".into(),
            title: "GIẤY CHỨNG NHẬN".into(),
            modules: vec!["An toàn trên không gian mạng — 20/11/2026".into()],
            ..Sheet::default()
        };
        let pdf = render(&sheet).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
        // A subset font is embedded, not the whole 380 KB file.
        assert!(pdf.len() < 120_000, "{}", pdf.len());
    }
}

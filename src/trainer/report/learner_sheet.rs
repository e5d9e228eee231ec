//! "Phiếu học tập": one learner's results on one A4 page, for the learner or their family, as an
//! .xlsx (portrait, fitted to one page) or a PDF (krilla, the certificate's embedded DejaVu
//! font; lessons in two columns so a whole course fits one page). Every string arrives written
//! (the wording is in `locales/`); this module only places it.

use krilla::Document;
use krilla::color::rgb;
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::trainer::certificate::pdf::Fonts;

/// What the page says, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LearnerSheet {
    /// "PHIẾU HỌC TẬP".
    pub heading: String,
    /// Name and details, class and commune, the period, the summary: one line each.
    pub top: Vec<String>,
    /// One block per module: its title, then (lesson title, result) per lesson.
    pub modules: Vec<(String, Vec<(String, String)>)>,
    /// Changes to the learner's record, with their heading first (empty when none).
    pub notes: Vec<String>,
    /// "In ngày 06/12/2026 · hocso 0.1.0".
    pub footer: String,
    /// Sheet name and PDF title.
    pub doc_title: String,
    /// Column headings: lesson, result.
    pub columns: (String, String),
}

/// The workbook: one sheet, A4 portrait, one page wide and tall, header row repeated.
pub fn xlsx(s: &LearnerSheet) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(cut(&s.doc_title, 31))?;
    ws.set_column_width(0, 70)?;
    ws.set_column_width(1, 18)?;
    let big = Format::new().set_bold().set_font_size(14);
    let small = Format::new().set_font_size(10).set_text_wrap();
    let head = Format::new()
        .set_bold()
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_background_color(rust_xlsxwriter::Color::RGB(0xD9E1F2));
    let module = head.clone().set_text_wrap();
    let cell = Format::new()
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let mut row = 0u32;
    ws.merge_range(row, 0, row, 1, &s.heading, &big)?;
    row += 1;
    for line in &s.top {
        ws.merge_range(row, 0, row, 1, line, &small)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    ws.write_string_with_format(row, 0, &s.columns.0, &head)?;
    ws.write_string_with_format(row, 1, &s.columns.1, &head)?;
    row += 1;
    for (title, lessons) in &s.modules {
        ws.merge_range(row, 0, row, 1, title, &module)?;
        row += 1;
        for (lesson, result) in lessons {
            ws.write_string_with_format(row, 0, lesson, &cell)?;
            ws.write_string_with_format(row, 1, result, &cell)?;
            row += 1;
        }
    }
    row += 1;
    for line in s.notes.iter().chain(std::iter::once(&s.footer)) {
        ws.merge_range(row, 0, row, 1, line, &small)?;
        row += 1;
    }
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, row.saturating_sub(1), 1)?;
    ws.set_repeat_rows(header_row, header_row)?;
    wb.save_to_buffer()
}

fn cut(s: &str, chars: usize) -> String {
    s.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(chars)
        .collect()
}

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 42.0;
const GAP: f32 = 18.0;

/// Text cut to a width, on the certificate's fonts.
trait Fit {
    fn fit(&self, bold: bool, size: f32, width: f32, text: &str) -> String;
}

impl Fit for Fonts {
    /// `text` cut to `width`, ending in "…" when cut.
    fn fit(&self, bold: bool, size: f32, width: f32, text: &str) -> String {
        if self.width(bold, size, text) <= width {
            return text.to_string();
        }
        let mut out: String = text.to_string();
        while !out.is_empty() && self.width(bold, size, &format!("{out}…")) > width {
            out.pop();
        }
        format!("{}…", out.trim_end())
    }
}

/// `t` without what neither embedded font can draw (✓ ✗ ⚠ ★ ◐ ○ are drawn: the certificate's
/// fonts include a symbols font).
fn drawable(fonts: &Fonts, t: &str) -> String {
    let out: String = t
        .chars()
        .filter(|c| c.is_whitespace() || fonts.can_draw(*c))
        .collect();
    out.trim_start().to_string()
}

fn write(surface: &mut Surface<'_>, fonts: &Fonts, at: (f32, f32), size: f32, bold: bool, t: &str) {
    fonts.draw(surface, at.0, at.1, size, bold, &drawable(fonts, t));
}

/// One line of the lesson columns.
enum Line<'a> {
    Module(&'a str),
    Lesson(&'a str, &'a str),
}

/// The one-page PDF. The lesson list flows down two columns; its type shrinks (down to 7 pt)
/// until the whole course fits the page.
pub fn pdf(s: &LearnerSheet) -> anyhow::Result<Vec<u8>> {
    let fonts = Fonts::load().ok_or_else(|| anyhow::anyhow!("embedded font unreadable"))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(s.doc_title.clone())
            .language("vi".to_string())
            .creator("hocso".to_string()),
    );
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| anyhow::anyhow!("page size"))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(20, 30, 60).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
    let text_w = PAGE_W - 2.0 * MARGIN;
    let heading_w = fonts.width(true, 16.0, &s.heading);
    let mut y = MARGIN + 16.0;
    write(
        &mut surface,
        &fonts,
        ((PAGE_W - heading_w) / 2.0, y),
        16.0,
        true,
        &s.heading,
    );
    y += 24.0;
    for line in &s.top {
        write(
            &mut surface,
            &fonts,
            (MARGIN, y),
            10.0,
            false,
            &fonts.fit(false, 10.0, text_w, line),
        );
        y += 14.0;
    }
    y += 6.0;
    let lines: Vec<Line> = s
        .modules
        .iter()
        .flat_map(|(m, ls)| {
            std::iter::once(Line::Module(m)).chain(ls.iter().map(|(l, r)| Line::Lesson(l, r)))
        })
        .collect();
    let bottom = PAGE_H - MARGIN - 16.0 - 13.0 * s.notes.len() as f32;
    let col_w = (text_w - GAP) / 2.0;
    let mut size = 9.0f32;
    let per_column = |size: f32| ((bottom - y) / (size * 1.35)).floor().max(1.0) as usize;
    while size > 7.0 && lines.len() > 2 * per_column(size) {
        size -= 0.5;
    }
    let step = size * 1.35;
    let rows = per_column(size);
    let result_w = col_w * 0.3;
    for (i, line) in lines.iter().enumerate() {
        let col = (i / rows).min(1);
        let x = MARGIN + col as f32 * (col_w + GAP);
        let ly = y + (i - col * rows) as f32 * step + size;
        match line {
            Line::Module(m) => {
                let m = fonts.fit(true, size, col_w, m);
                write(&mut surface, &fonts, (x, ly), size, true, &m);
            }
            Line::Lesson(l, r) => {
                let l = fonts.fit(false, size, col_w - result_w - 4.0, l);
                write(&mut surface, &fonts, (x + 4.0, ly), size, false, &l);
                let r = fonts.fit(false, size, result_w, r);
                write(
                    &mut surface,
                    &fonts,
                    (x + col_w - result_w, ly),
                    size,
                    false,
                    &r,
                );
            }
        }
    }
    let mut y = bottom + 4.0;
    for note in &s.notes {
        y += 13.0;
        let n = fonts.fit(false, 9.0, text_w, note);
        write(&mut surface, &fonts, (MARGIN, y), 9.0, false, &n);
    }
    let f = fonts.fit(false, 8.0, text_w, &s.footer);
    write(
        &mut surface,
        &fonts,
        (MARGIN, PAGE_H - MARGIN),
        8.0,
        false,
        &f,
    );
    surface.finish();
    page.finish();
    document.finish().map_err(|e| anyhow::anyhow!("PDF: {e:?}"))
}

//! The readiness check: every Vietnamese tone on several vowels and the symbols the screens
//! use, drawn in Unicode whatever the current set; two big choices; the window size and how to
//! enlarge the text; after "No", how to fix the console font on this OS.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use super::theme::Role;
use super::{View, inset, lines_at};
use crate::app::{ReadyState, ReadyStep, Target};

/// Each tone mark on several vowels, and đ.
pub const TONES: &str =
    "à á ả ã ạ  ằ ắ ẳ ẵ ặ  ề ế ể ễ ệ  ồ ố ổ ỗ ộ  ờ ớ ở ỡ ợ  ừ ứ ử ữ ự  ỳ ý ỷ ỹ ỵ  đ Đ";
/// The symbols of the Unicode set.
pub const SAMPLE_SYMBOLS: &str = "✓ ✗ › ○ ▶ ★ ◆ █ ▲ ▼ ← → ⚠ ✋";

/// This computer's kind, for the font and text-size advice.
fn os() -> &'static str {
    if cfg!(windows) {
        "windows"
    } else if cfg!(target_os = "macos") {
        "macos"
    } else {
        "linux"
    }
}

fn t(v: &View, key: &str) -> String {
    v.rt(&format!("ready.{key}"))
}

pub fn render(v: &View, r: &ReadyState, area: Rect, buf: &mut Buffer) -> (String, String) {
    let area = inset(area);
    let w = area.width;
    let small = area.height < 14;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let gap = |lines: &mut Vec<Line<'static>>| {
        if !small {
            lines.push(Line::default());
        }
    };
    if r.step == ReadyStep::Advice {
        lines.extend(v.wrapped("", &t(v, "ascii_on"), Role::Correct, w));
        gap(&mut lines);
        lines.extend(v.wrapped("", &t(v, "font_title"), Role::Strong, w));
        lines.extend(v.wrapped("  ", &t(v, &format!("font.{}", os())), Role::Body, w));
        gap(&mut lines);
        lines.extend(v.wrapped("", &t(v, &format!("enlarge.{}", os())), Role::Body, w));
        gap(&mut lines);
        lines.extend(v.wrapped("", &t(v, "continue"), Role::Muted, w));
        lines_at(lines, 0, area, buf);
        return (t(v, "title"), String::new());
    }
    if !small {
        lines.extend(v.wrapped("", &t(v, "intro"), Role::Body, w));
        lines.push(Line::default());
    }
    // The samples stay Unicode in both sets: they are what is being checked.
    let first_sample = lines.len();
    let letters = format!("{} ", t(v, "letters"));
    lines.extend(v.wrapped(&letters, TONES, Role::Strong, w));
    let symbols = format!("{} ", t(v, "symbols"));
    lines.extend(v.wrapped(&symbols, SAMPLE_SYMBOLS, Role::Strong, w));
    let samples = lines.len() - first_sample;
    gap(&mut lines);
    lines.extend(v.wrapped("", &t(v, "question"), Role::Body, w));
    gap(&mut lines);
    let choices = [t(v, "yes"), t(v, "no")];
    let top = area.y + lines.len() as u16;
    lines_at(lines, 0, area, buf);
    let big = !small && area.height >= top - area.y + 3 + 4;
    let choice_h: u16 = if big { 3 } else { 1 };
    let side = big && w >= 60;
    for (i, text) in choices.iter().enumerate() {
        let i16 = i as u16;
        let rect = if side {
            let half = w / 2;
            Rect {
                x: area.x + i16 * half,
                y: top,
                width: if i == 0 {
                    half.saturating_sub(1)
                } else {
                    w - half
                },
                height: choice_h,
            }
        } else {
            Rect {
                x: area.x,
                y: top + i16 * choice_h,
                width: w,
                height: choice_h,
            }
        };
        if rect.bottom() > area.bottom() {
            continue;
        }
        let sel = r.row == i;
        let role = if sel { Role::Selected } else { Role::Strong };
        let mark = if sel { v.sym.cursor } else { " " };
        let label = format!("{mark} {}. {text}", i + 1);
        let inner = if big {
            let block = Block::bordered().border_style(v.style(role));
            let inner = block.inner(rect);
            block.render(rect, buf);
            inner
        } else {
            rect
        };
        buf.set_style(inner, v.style(role));
        buf.set_stringn(
            inner.x,
            inner.y,
            &label,
            usize::from(inner.width),
            v.style(role),
        );
        for dy in 0..rect.height {
            v.hit_row(rect.x, rect.y + dy, rect.width, Target::Row(i));
        }
    }
    let below = if side { choice_h } else { 2 * choice_h };
    let mut after: Vec<Line<'static>> = Vec::new();
    if !small {
        after.push(Line::default());
    }
    let (cw, ch) = v.app.size;
    let lang = v.app.lang.code();
    let (size, role) = if cw >= 80 && ch >= 24 {
        let s = rust_i18n::t!("reach.ready.size_ok", locale = lang, w = cw, h = ch);
        (v.fit(s.into_owned()), Role::Muted)
    } else {
        let s = rust_i18n::t!("reach.ready.size_small", locale = lang, w = cw, h = ch);
        (v.fit(s.into_owned()), Role::Warning)
    };
    after.extend(v.wrapped("", &size, role, w));
    if !small {
        after.extend(v.wrapped("", &t(v, &format!("enlarge.{}", os())), Role::Muted, w));
    }
    let after_area = Rect {
        y: top + below,
        height: area.bottom().saturating_sub(top + below),
        ..area
    };
    lines_at(after, 0, after_area, buf);
    v.keep.borrow_mut().push(Rect {
        y: area.y + first_sample as u16,
        height: samples as u16,
        ..area
    });
    (t(v, "title"), String::new())
}

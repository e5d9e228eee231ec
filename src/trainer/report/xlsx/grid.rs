//! "Tiến độ": learners × lessons, one page-wide group of modules after another.

use super::*;

/// Width of one lesson column of "Tiến độ".
const LESSON_CHARS: f64 = 7.0;

/// Learners × lessons, printed at full size (never shrunk to fit): modules are packed into
/// page-wide groups with a page break between groups, STT and name repeated at the left of
/// every page and the heading rows at the top of every page.
pub(super) fn progress_grid(wb: &mut Workbook, s: &Sheets) -> Result<(), XlsxError> {
    let lang = s.lang;
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.progress"))?;
    let lessons: Vec<_> = s.course.lessons().collect();
    let cols = 2 + lessons.len() as u16;
    // The title block is not merged across lesson columns: a merged cell that crosses a page
    // break prints as overlapping fragments. Each line sits in column A (it shows across the
    // empty cells beside it), and every page's header says the class and the period.
    let big = Format::new().set_bold().set_font_size(14);
    let small_title = Format::new().set_font_size(10);
    ws.write_string_with_format(0, 0, &s.title, &big)?;
    ws.write_string_with_format(1, 0, &s.period, &small_title)?;
    ws.write_string_with_format(2, 0, &s.version, &small_title)?;
    ws.set_row_height(0, 20)?;
    let head = 3;
    let hf = header_format();
    let small = header_format().set_font_size(8).set_align(FormatAlign::Top);
    ws.set_column_width(0, 4.5)?;
    ws.set_column_width(1, 26)?;
    ws.merge_range(head, 0, head + 1, 0, &tr(lang, "col.stt"), &hf)?;
    ws.merge_range(head, 1, head + 1, 1, &tr(lang, "col.name"), &hf)?;
    // Module titles over their lessons, lesson titles below, wrapped at 8 pt.
    let room = ((PAGE_CHARS - 30.5) / LESSON_CHARS).floor().max(1.0) as u16;
    let mut breaks = Vec::new();
    let mut on_page = 0u16;
    let mut longest = 0usize;
    let mut c = 2u16;
    for m in &s.course.modules {
        let n = m.lessons.len() as u16;
        if n == 0 {
            continue;
        }
        if on_page > 0 && on_page + n > room {
            breaks.push(u32::from(c));
            on_page = 0;
        }
        // A module wider than a page continues on the next one, at a break of our own.
        let mut k = room.saturating_sub(on_page);
        while k < n {
            breaks.push(u32::from(c + k));
            k += room;
        }
        on_page = (on_page + n - 1) % room + 1;
        if n == 1 {
            ws.write_string_with_format(head, c, &m.title, &hf)?;
        } else {
            ws.merge_range(head, c, head, c + n - 1, &m.title, &hf)?;
        }
        for l in &m.lessons {
            ws.set_column_width(c, LESSON_CHARS)?;
            ws.write_string_with_format(head + 1, c, &l.title, &small)?;
            longest = longest.max(l.title.chars().count());
            c += 1;
        }
    }
    ws.set_row_height(head, 30)?;
    // About 8 characters a line in a 7-wide column at 8 pt, 10 pt a line.
    ws.set_row_height(head + 1, (longest.div_ceil(8).max(2) * 10 + 6) as f64)?;
    let by_id: HashMap<&str, &LearnerFile> =
        s.files.iter().map(|f| (f.profile.id.as_str(), f)).collect();
    let cell = cell_format();
    let center = cell_format().set_align(FormatAlign::Center);
    let passed = center.clone().set_background_color(Color::RGB(0xC6EFCE));
    let name_cell = cell.clone().set_text_wrap();
    let first = head + 2;
    for (i, r) in s.report.learners.iter().enumerate() {
        let row = first + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &center)?;
        ws.write_string_with_format(row, 1, &r.name, &name_cell)?;
        let row_marks = by_id
            .get(r.id.as_str())
            .map(|f| marks(s.course, f))
            .unwrap_or_else(|| vec![Mark::NotStarted; lessons.len()]);
        for (j, m) in row_marks.iter().enumerate() {
            let col = 2 + j as u16;
            match m {
                Mark::Passed(Some(score)) => {
                    ws.write_number_with_format(row, col, f64::from(*score), &passed)?
                }
                Mark::Passed(None) => ws.write_string_with_format(row, col, "✓", &passed)?,
                Mark::Started => ws.write_string_with_format(row, col, "◐", &center)?,
                Mark::NotStarted => ws.write_blank(row, col, &center)?,
            };
        }
    }
    // The legend under the names (column B repeats on every page), wrapped, not merged
    // across lesson columns (see the title above).
    let legend_row = first + s.report.learners.len() as u32 + 1;
    let legend = tr(lang, "legend");
    ws.write_string_with_format(
        legend_row,
        1,
        &legend,
        &Format::new()
            .set_font_size(9)
            .set_text_wrap()
            .set_align(FormatAlign::Top),
    )?;
    ws.set_row_height(
        legend_row,
        12.0 * legend.chars().count().div_ceil(30) as f64 + 4.0,
    )?;
    ws.set_freeze_panes(first, 2)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.2, 0.2);
    // Printed from the heading rows down: each page's header carries the title and period,
    // so no page shows the title rows cut at column B.
    ws.set_print_area(head, 0, legend_row, cols - 1)?;
    ws.set_repeat_rows(head, head + 1)?;
    ws.set_repeat_columns(0, 1)?;
    ws.set_vertical_page_breaks(&breaks)?;
    // Down, then across: all learners of one group of modules before the next group.
    ws.set_page_order(true);
    ws.set_header(format!(
        "&L{} · {}",
        header_text(&s.title),
        header_text(&s.period)
    ));
    ws.set_footer(tr(lang, "footer"));
    Ok(())
}

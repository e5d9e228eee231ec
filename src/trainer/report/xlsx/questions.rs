//! "Câu hỏi": every question's answers option by option, the hardest first.

use super::*;

pub(super) fn question_sheet(wb: &mut Workbook, s: &Sheets) -> Result<(), XlsxError> {
    let lang = s.lang;
    let ws = wb.add_worksheet();
    ws.set_name(tr(lang, "sheet.questions"))?;
    let cols = [
        ("rank", 5.0),
        ("module", 16.0),
        ("lesson", 22.0),
        ("prompt", 44.0),
        ("answered", 9.0),
        ("wrong_first", 9.0),
        ("wrong_pct", 9.0),
        ("options", 48.0),
    ];
    let head = title_block(ws, s, cols.len() as u16)?;
    let hf = header_format();
    for (c, (key, width)) in cols.iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
        ws.write_string_with_format(head, c as u16, tr(lang, &format!("qcol.{key}")), &hf)?;
    }
    ws.set_row_height(head, 40)?;
    let wrap = cell_format().set_text_wrap().set_align(FormatAlign::Top);
    let num = cell_format()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top);
    let hard = wrap.clone().set_background_color(Color::RGB(0xFFEB9C));
    for (i, q) in s.questions.iter().enumerate() {
        let row = head + 1 + i as u32;
        let text = if q.rank.is_some() { &hard } else { &wrap };
        match q.rank {
            Some(rank) => ws.write_number_with_format(row, 0, rank as f64, &num)?,
            None => ws.write_blank(row, 0, &num)?,
        };
        ws.write_string_with_format(row, 1, &q.module_title, &wrap)?;
        ws.write_string_with_format(row, 2, &q.lesson_title, &wrap)?;
        ws.write_string_with_format(row, 3, q.prompt.replace('\n', " "), text)?;
        ws.write_number_with_format(row, 4, q.learners as f64, &num)?;
        ws.write_number_with_format(row, 5, q.wrong_first as f64, &num)?;
        ws.write_number_with_format(row, 6, (q.wrong_share() * 100.0).round(), &num)?;
        let options = options_text(q, lang);
        ws.write_string_with_format(row, 7, &options, &wrap)?;
        // Sized for its longest cell, so nothing is cut or printed over the next row: about
        // 1.1 characters per unit of column width at 10 pt, 13.5 pt a line.
        let lines = |text: &str, width: f64| -> usize {
            let per_line = (width * 1.1).floor().max(1.0) as usize;
            text.split('\n')
                .map(|l| l.chars().count().div_ceil(per_line).max(1))
                .sum()
        };
        let tallest = [
            lines(&q.module_title, 16.0),
            lines(&q.lesson_title, 22.0),
            lines(&q.prompt.replace('\n', " "), 44.0),
            lines(&options, 48.0),
        ]
        .into_iter()
        .max()
        .unwrap_or(1);
        ws.set_row_height(row, 13.5 * tallest as f64 + 3.0)?;
    }
    let last_row = head + s.questions.len().max(1) as u32;
    ws.set_freeze_panes(head + 1, 0)?;
    page_setup(
        ws,
        lang,
        (head, head),
        (last_row, cols.len() as u16 - 1),
        usize::MAX,
    )
}

/// "✓ Đúng: 20", "✗ Sai: 20", one option a line.
pub fn options_text(q: &QuestionDetail, lang: Lang) -> String {
    q.options
        .iter()
        .map(|o| {
            let mark = if o.correct { "✓" } else { "✗" };
            format!("{mark} {}: {}", label_text(&o.label, lang), o.count)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

//! The order of learners in a report: Vietnamese name order (by tên, the last word, then họ
//! đệm; letters a ă â b c d đ e ê … with tones after the base letter, as the Unicode CLDR
//! collation for Vietnamese defines it, through ICU4X's collator), or the class list's own
//! order (the order learners were added: `--order list`).

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

use super::LearnerRow;

/// How learners are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// By tên, then họ đệm, in Vietnamese letter order (the default).
    #[default]
    Name,
    /// In the order of the class list (the order the learners were added to the data folder).
    List,
}

/// Compares two names the Vietnamese way.
pub struct NameOrder {
    collator: Option<CollatorBorrowed<'static>>,
}

impl Default for NameOrder {
    fn default() -> Self {
        Self::new()
    }
}

impl NameOrder {
    pub fn new() -> NameOrder {
        let collator = "vi"
            .parse::<icu_locale_core::Locale>()
            .ok()
            .and_then(|l| Collator::try_new((&l).into(), CollatorOptions::default()).ok());
        NameOrder { collator }
    }

    fn text(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(c) => c.compare(a, b),
            // The collator's data is built in, so this is not expected; plain order is
            // still an order.
            None => a.cmp(b),
        }
    }

    /// Tên (the last word) first, then họ đệm, then the whole name as written.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        let split = |s: &str| -> (String, String) {
            let words: Vec<&str> = s.split_whitespace().collect();
            match words.split_last() {
                Some((ten, ho)) => (ten.to_string(), ho.join(" ")),
                None => (String::new(), String::new()),
            }
        };
        let (ta, ha) = split(a);
        let (tb, hb) = split(b);
        self.text(&ta, &tb)
            .then_with(|| self.text(&ha, &hb))
            .then_with(|| a.cmp(b))
    }
}

/// Sorts the learner rows: by name, those who need help first; or in the list's order exactly
/// (so the printout lines up with the office's paper list; "Cần giúp" still shows on the row).
/// `added` gives, for the list order, when each learner (by id) was added; ties and unknowns
/// fall back to the name.
pub fn sort(rows: &mut [LearnerRow], order: Order, added: &dyn Fn(&str) -> Option<i128>) {
    let names = NameOrder::new();
    rows.sort_by(|a, b| {
        let by_name = || {
            names
                .compare(&a.name, &b.name)
                .then_with(|| a.id.cmp(&b.id))
        };
        let first = b.needs_help.cmp(&a.needs_help);
        match order {
            Order::Name => first.then_with(by_name),
            Order::List => (match (added(&a.id), added(&b.id)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(by_name),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let o = NameOrder::new();
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| o.compare(a, b));
        v
    }

    #[test]
    fn tên_first_in_vietnamese_letter_order() {
        assert_eq!(
            sorted(&[
                "Đỗ Văn Đức",
                "Nguyễn Văn Dũng",
                "Trần Thị Ánh",
                "Lê Văn Ân",
                "Phạm Thị Anh",
                "Hoàng Văn Em",
                "Vũ Thị Ê",
                "Bùi Thị Ơn",
                "Ngô Văn Ông",
                "Lý Thị Lan",
                "Đinh Văn Ưng",
                "Hà Văn Uy",
            ]),
            vec![
                "Phạm Thị Anh",
                "Trần Thị Ánh",
                "Lê Văn Ân",
                "Nguyễn Văn Dũng",
                "Đỗ Văn Đức",
                "Hoàng Văn Em",
                "Vũ Thị Ê",
                "Lý Thị Lan",
                "Ngô Văn Ông",
                "Bùi Thị Ơn",
                "Hà Văn Uy",
                "Đinh Văn Ưng",
            ]
        );
    }

    #[test]
    fn same_tên_goes_by_họ_đệm_with_đ_after_d_and_tones_after_base() {
        assert_eq!(
            sorted(&[
                "Đặng Thị Hoa",
                "Dương Thị Hoa",
                "Đinh Thị Hoa",
                "Hồ Thị Hoa",
                "Hà Thị Hoa",
                "Hoàng Thị Hoa",
                "Đỗ Thị Hoa",
            ]),
            vec![
                "Dương Thị Hoa",
                "Đặng Thị Hoa",
                "Đinh Thị Hoa",
                "Đỗ Thị Hoa",
                "Hà Thị Hoa",
                "Hoàng Thị Hoa",
                "Hồ Thị Hoa",
            ]
        );
    }

    fn row(id: &str, name: &str, help: bool) -> LearnerRow {
        LearnerRow {
            id: id.into(),
            name: name.into(),
            birth_year: None,
            group: None,
            lessons_done: 0,
            modules_passed: 0,
            average_best_score: None,
            seconds: 0,
            last_activity: None,
            orphaned: Vec::new(),
            damaged: None,
            needs_help: help,
            at: None,
            active: false,
            phone: false,
            struggling_with: Vec::new(),
            to_review: 0,
        }
    }

    #[test]
    fn by_name_help_comes_first_but_the_list_order_is_the_lists() {
        let mut rows = vec![
            row("a", "Trần Văn Bình", false),
            row("b", "Lê Thị An", false),
            row("c", "Đỗ Văn Cường", true),
        ];
        let added = |id: &str| Some(i128::from(id.as_bytes()[0]));
        sort(&mut rows, Order::Name, &added);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a"]);
        sort(&mut rows, Order::List, &added);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
    }
}

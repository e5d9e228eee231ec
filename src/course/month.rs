//! Months as lessons write them (`as_of: "YYYY-MM"`) and the `--stale` question asked of them:
//! plain values, so the decoder and the loader can carry them without reading lesson metadata.

/// A calendar month, as written in `as_of: "YYYY-MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: u32,
    /// 1..=12.
    pub month: u32,
}

impl Month {
    /// Parses exactly `YYYY-MM` (four digits, a hyphen, 01..12).
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return None;
        }
        let month: u32 = m.parse().ok()?;
        let year: u32 = y.parse().ok()?;
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: Month) -> i64 {
        (i64::from(later.year) * 12 + i64::from(later.month))
            - (i64::from(self.year) * 12 + i64::from(self.month))
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `hocso validate --stale N`: warn about lessons whose `as_of` is more than `months` before `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stale {
    pub today: Month,
    pub months: u32,
}

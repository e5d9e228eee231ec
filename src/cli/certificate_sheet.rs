//! The words on a certificate ([`Sheet`]) for a register entry: what `hocso certificate` prints,
//! in the language chosen, from the unit's settings and the entry.

use rust_i18n::t;

use super::certificate_verify::dmy;
use crate::trainer::certificate::code::Issued;
use crate::trainer::certificate::pdf::{Sheet, Signature};
use crate::trainer::unit::Unit;

/// Everything printed on the page of `issued`.
pub(super) fn sheet(u: &Unit, issued: &Issued, l: &str) -> Sheet {
    let c = &issued.contents;
    let mut issuer = Vec::new();
    if !u.commune.is_empty() {
        issuer.push(u.commune.to_uppercase());
    }
    if !u.province.is_empty() {
        issuer.push(u.province.clone());
    }
    if !u.class_name.is_empty() {
        issuer.push(u.class_name.clone());
    }
    let mut details = Vec::new();
    if let Some(y) = c.birth_year {
        details.push(t!("certificate.pdf.born", locale = l, year = y).into_owned());
    }
    if let Some(g) = &c.group {
        details.push(t!("certificate.pdf.group", locale = l, group = g).into_owned());
    }
    let issued_on = dmy(&c.issued);
    let (day, month, year) = issued_on.clone();
    let place = if u.commune.is_empty() {
        String::new()
    } else {
        format!("{}, ", u.commune)
    };
    Sheet {
        issuer,
        motto: [
            t!("certificate.pdf.motto1", locale = l).into_owned(),
            t!("certificate.pdf.motto2", locale = l).into_owned(),
        ],
        title: t!("certificate.pdf.title", locale = l).into_owned(),
        subtitle: t!("certificate.pdf.subtitle", locale = l, course = c.course).into_owned(),
        certifies: t!("certificate.pdf.certifies", locale = l).into_owned(),
        name: c.name.clone(),
        details: details.join("     "),
        modules_intro: t!("certificate.pdf.modules_intro", locale = l).into_owned(),
        modules: c
            .modules
            .iter()
            .map(|m| {
                let (d, mo, y) = dmy(&m.completed);
                t!(
                    "certificate.pdf.module_line",
                    locale = l,
                    title = m.title,
                    date = format!("{d}/{mo}/{y}")
                )
                .into_owned()
            })
            .collect(),
        place_date: t!(
            "certificate.pdf.place_date",
            locale = l,
            place = place,
            day = day,
            month = month,
            year = year
        )
        .into_owned(),
        trainer: Signature {
            role: vec![t!("certificate.pdf.trainer_role", locale = l).into_owned()],
            hint: t!("certificate.pdf.trainer_hint", locale = l).into_owned(),
            name: c.trainer.clone(),
        },
        chair: Signature {
            role: vec![
                t!("certificate.pdf.chair_role1", locale = l).into_owned(),
                t!("certificate.pdf.chair_role2", locale = l).into_owned(),
            ],
            hint: t!("certificate.pdf.chair_hint", locale = l).into_owned(),
            name: String::new(),
        },
        code_line: t!(
            "certificate.pdf.code",
            locale = l,
            code = issued.code,
            office = office(&u.commune, l)
        )
        .into_owned(),
        verify_line: t!("certificate.pdf.verify", locale = l).into_owned(),
        doc_title: t!("certificate.pdf.doc_title", locale = l, name = c.name).into_owned(),
    }
}

/// Who to ask about a code: "UBND xã An Lão" (the commune as written in `hocso setup`, its
/// "Xã"/"Phường" in lower case as in running text), or the generic "UBND xã/phường nơi cấp".
fn office(commune: &str, l: &str) -> String {
    let commune = commune.trim();
    if commune.is_empty() {
        return t!("certificate.pdf.office_unknown", locale = l).into_owned();
    }
    let mut words = commune.splitn(2, ' ');
    let first = words.next().unwrap_or_default();
    let rest = words.next();
    let kinds = ["Xã", "Phường", "Thị", "Đặc"];
    let first = if rest.is_some() && kinds.contains(&first) {
        first.to_lowercase()
    } else {
        first.to_string()
    };
    let name = match rest {
        Some(r) => format!("{first} {r}"),
        None => first,
    };
    t!("certificate.pdf.office", locale = l, commune = name).into_owned()
}

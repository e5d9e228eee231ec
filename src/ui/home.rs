//! What a learner at home and a learner near the certificate are told: H with no class (what
//! helps at home), a module finished, the certificate earned, and the certificate line of the
//! map and "Kết quả của tôi". Plain strings, so the full screen and the plain mode say the same.

use crate::app::milestone::{self, CertProgress};
use crate::app::{App, Overlay};

fn t(app: &App, key: &str) -> String {
    rust_i18n::t!(format!("home.{key}"), locale = app.lang.code()).into_owned()
}

pub fn t_args(app: &App, key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(app, key);
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

/// The mark of a module that counts for the certificate, in the symbol set on screen.
pub fn mark(app: &App) -> &'static str {
    super::symbols::of(app.symbols).counts
}

/// The hand went up with no class around: the call is recorded for the trainer, and the
/// learner is told what helps now. Paragraphs (the first is the title).
pub fn hand_lines(app: &App) -> (String, Vec<String>) {
    let mut out = vec![t(app, "hand.recorded"), t(app, "hand.now")];
    out.push(t(app, "hand.family"));
    out.push(t(app, "hand.team"));
    if let Some(phone) = &app.course.help_phone {
        out.push(t_args(app, "hand.phone", &[("phone", phone.clone())]));
    }
    out.push(t(app, "hand.again"));
    (t(app, "hand.title"), out)
}

/// The header's note while the hand is up.
pub fn hand_up(app: &App) -> String {
    t(app, "hand.up")
}

/// "Còn N bài nữa là đủ điều kiện nhận giấy chứng nhận", or that it is earned.
pub fn cert_line(app: &App, cert: &CertProgress) -> String {
    match cert.earned {
        true => t(app, "cert.earned"),
        false => t_args(app, "cert.left", &[("n", cert.left.to_string())]),
    }
}

/// The map's one line about the certificate, led by the mark its modules carry.
pub fn map_line(app: &App, cert: &CertProgress) -> String {
    // No mark when every module counts: none of them carries one.
    if app.course.required_modules.is_empty() {
        return cert_line(app, cert);
    }
    let m = ("mark", mark(app).to_string());
    match cert.earned {
        true => t_args(app, "cert.map_earned", &[m]),
        false => t_args(app, "cert.map_left", &[m, ("n", cert.left.to_string())]),
    }
}

/// "Các chương có dấu ◆ là chương cần cho giấy chứng nhận."
pub fn which_line(app: &App) -> String {
    t_args(app, "cert.which", &[("mark", mark(app).to_string())])
}

/// Title and paragraphs of a milestone overlay (`None` for other overlays).
pub fn milestone(app: &App, ov: &Overlay) -> Option<(String, Vec<String>)> {
    match ov {
        Overlay::ModuleDone { module, certified } => {
            let m = app.course.modules.get(*module)?;
            // Empty strings are blank lines between the parts.
            let mut out = vec![t_args(app, "module.done", &[("title", m.title.clone())])];
            out.push(String::new());
            out.push(t(app, "module.learned"));
            let sym = super::symbols::of(app.symbols);
            out.extend(
                m.lessons
                    .iter()
                    .map(|l| format!("  {} {}", sym.done, l.title)),
            );
            out.push(String::new());
            out.push(match milestone::next_module(app, *module) {
                Some(next) => t_args(app, "module.next", &[("title", next.title.clone())]),
                None => t(app, "module.last"),
            });
            if let Some(next) = milestone::next_module(app, *module)
                && !next.summary.is_empty()
            {
                out.push(next.summary.clone());
            }
            if !certified
                && milestone::counts(app, *module)
                && let Some(cert) = milestone::certificate(app)
                && !cert.earned
            {
                out.push(String::new());
                out.push(cert_line(app, &cert));
            }
            out.push(String::new());
            out.push(t(app, "module.enter"));
            Some((t(app, "module.title"), out))
        }
        Overlay::Certified => {
            let mut out = vec![t(app, "cert.earned"), String::new()];
            if app.home {
                out.push(t(app, "cert.at_home"));
            }
            out.push(t(app, "cert.more"));
            out.push(String::new());
            out.push(t(app, "cert.enter"));
            Some((t(app, "cert.title"), out))
        }
        _ => None,
    }
}

/// The end of a spaced review in questions: "đúng 4/5 câu". The summary keeps the score and the
/// questions missed; each question was asked once, so right + missed is the total, and the
/// score (right × 100 / total, rounded down) tells the right count.
pub fn review_done(app: &App, score: u8, missed: usize) -> String {
    if missed == 0 {
        return t(app, "review.all");
    }
    let right = (0..=200usize)
        .find(|r| r * 100 / (r + missed) >= usize::from(score))
        .unwrap_or(0);
    let total = right + missed;
    t_args(
        app,
        "review.done",
        &[("right", right.to_string()), ("total", total.to_string())],
    )
}

/// A lesson's best result on the map: "đúng 5/7".
pub fn map_score(app: &App, right: usize, total: usize) -> String {
    t_args(
        app,
        "results.map_right",
        &[("right", right.to_string()), ("total", total.to_string())],
    )
}

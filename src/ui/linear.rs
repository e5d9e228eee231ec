//! Words for the core's linear form (`app::linear`): one line per item, in the learner's
//! language, no drawn marks. Plain mode prints these lines; read-aloud speaks them.

use crate::app::App;
use crate::app::linear::{Item, Pick};
use crate::course::spoken::Block;
use crate::progress::model::LessonStatus;

fn t(app: &App, key: &str, args: &[(&str, String)]) -> String {
    let mut s = rust_i18n::t!(key, locale = app.lang.code()).into_owned();
    for (name, value) in args {
        s = s.replace(&format!("%{{{name}}}"), value);
    }
    s
}

fn status(app: &App, s: LessonStatus) -> String {
    let key = match s {
        LessonStatus::Done => "reach.plain.status.done",
        LessonStatus::InProgress => "reach.plain.status.in_progress",
        LessonStatus::NotStarted => "reach.plain.status.not_started",
    };
    t(app, key, &[])
}

fn pick(app: &App, p: &Pick, key: &str) -> String {
    match p {
        Pick::Choice(n, text) => t(app, key, &[("n", n.to_string()), ("text", text.clone())]),
        Pick::Bool(b) => {
            let text = t(
                app,
                if *b {
                    "tui.quiz.true"
                } else {
                    "tui.quiz.false"
                },
                &[],
            );
            match key {
                "listen.pick" => t(app, "listen.pick_bool", &[("text", text)]),
                _ => t(
                    app,
                    key,
                    &[("n", (if *b { 1 } else { 2 }).to_string()), ("text", text)],
                ),
            }
        }
    }
}

fn list(app: &App, picks: &[Pick]) -> String {
    let words: Vec<String> = picks.iter().map(|p| pick(app, p, "listen.pick")).collect();
    words.join("; ")
}

fn block(app: &App, b: &Block) -> String {
    match b {
        Block::Heading(s) | Block::Para(s) => s.clone(),
        Block::Item(None, s) => s.clone(),
        Block::Item(Some(n), s) => format!("{n}. {s}"),
        Block::Callout(Some(label), s) => t(
            app,
            "listen.callout",
            &[("label", label.clone()), ("text", s.clone())],
        ),
        Block::Callout(None, s) => s.clone(),
        Block::Screen(Some(s)) => t(app, "listen.screen", &[("text", s.clone())]),
        Block::Screen(None) => t(app, "listen.screen_blank", &[]),
    }
}

/// A quiz result in plain words: "Đúng 5/7 câu — cần 5 câu để đạt." (points only when the
/// questions do not all count the same).
pub fn score_words(
    app: &App,
    score: u8,
    pass: u8,
    counted: Option<(usize, usize, usize)>,
) -> String {
    match counted {
        Some((right, total, need)) => t(
            app,
            "tui.summary.score_questions",
            &[
                ("right", right.to_string()),
                ("total", total.to_string()),
                ("need", need.to_string()),
            ],
        ),
        None => t(
            app,
            "tui.summary.score",
            &[("score", score.to_string()), ("pass", pass.to_string())],
        ),
    }
}

/// Time spent as people say it: "3 phút", "1 giờ", "1 giờ 5 phút" (never "0 giờ 3 phút").
pub fn time_spent(app: &App, minutes: u64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let args = [("hours", h.to_string()), ("minutes", m.to_string())];
    let key = match (h, m) {
        (0, _) => "learning.results.time_minutes",
        (_, 0) => "learning.results.time_hours",
        _ => "learning.results.time",
    };
    t(app, key, &args)
}

/// One item in words.
pub fn line(app: &App, item: &Item) -> String {
    let num = |n: &usize| n.to_string();
    match item {
        Item::Title(s) | Item::Heading(s) | Item::Teach(s) => s.clone(),
        Item::Page(n, total) => t(app, "listen.page", &[("n", num(n)), ("total", num(total))]),
        Item::Question { n, total, review } => {
            let key = if *review {
                "listen.review_question"
            } else {
                "listen.question"
            };
            t(app, key, &[("n", num(n)), ("total", num(total))])
        }
        Item::Block(b) => block(app, b),
        Item::Choice(p) => pick(app, p, "listen.choice"),
        Item::Letter(l, s) => t(
            app,
            "listen.letter",
            &[("l", l.to_string()), ("text", s.clone())],
        ),
        Item::Hint(n, s) => t(app, "listen.hint", &[("n", num(n)), ("text", s.clone())]),
        Item::Notice(key) => t(app, &format!("tui.{key}"), &[]),
        Item::Chose(p) if p.is_empty() => t(app, "listen.chose_none", &[]),
        Item::Chose(p) => t(app, "listen.chose", &[("list", list(app, p))]),
        Item::Typed(s) => t(app, "listen.typed", &[("text", s.clone())]),
        Item::Verdict { correct: true, .. } => t(app, "listen.right", &[]),
        Item::Verdict {
            accents: Some(a), ..
        } => t(app, "tui.quiz.accents", &[("answer", a.clone())]),
        Item::Verdict { .. } => t(app, "listen.wrong", &[]),
        Item::RightIs(p) => t(app, "listen.right_is", &[("list", list(app, p))]),
        Item::Expected(s) => t(app, "listen.expected", &[("text", s.clone())]),
        Item::OrderGiven(l) | Item::OrderRight(l) => {
            let key = match item {
                Item::OrderGiven(_) => "listen.order_given",
                _ => "listen.order_right",
            };
            let list = l.join(&t(app, "listen.then", &[]));
            t(app, key, &[("list", list)])
        }
        Item::Pair {
            left,
            chosen,
            right,
            ok,
        } => {
            let key = match (ok, chosen) {
                (true, _) => "listen.pair_ok",
                (false, Some(_)) => "listen.pair_wrong",
                (false, None) => "listen.pair_none",
            };
            let args = [
                ("left", left.clone()),
                ("chosen", chosen.clone().unwrap_or_default()),
                ("right", right.clone()),
            ];
            t(app, key, &args)
        }
        Item::Why(s) => t(app, "listen.why", &[("text", s.clone())]),
        Item::Score {
            score,
            pass,
            counted,
        } => score_words(app, *score, *pass, *counted),
        Item::Passed(true) => t(app, "tui.summary.passed", &[]),
        Item::Passed(false) => t(app, "tui.summary.not_passed", &[]),
        Item::ReviewScore(s, missed) => super::home::review_done(app, *s, *missed),
        Item::Certificate(c) => super::home::cert_line(app, c),
        Item::Missed(s) => t(app, "listen.missed", &[("text", s.clone())]),
        Item::KeyboardOff => t(app, "tui.quiz.keyboard_off", &[]),
        Item::Module {
            n,
            title,
            done,
            total,
        } => t(
            app,
            "listen.module",
            &[
                ("n", num(n)),
                ("title", title.clone()),
                ("done", num(done)),
                ("total", num(total)),
            ],
        ),
        Item::Lesson {
            n,
            title,
            status: s,
            next,
        } => {
            let key = if *next {
                "listen.lesson_next"
            } else {
                "listen.lesson"
            };
            let args = [
                ("n", num(n)),
                ("title", title.clone()),
                ("status", status(app, *s)),
            ];
            t(app, key, &args)
        }
        Item::ReviewDue(n) => t(app, "listen.review_due", &[("n", num(n))]),
        Item::Result {
            title,
            status: s,
            score,
        } => {
            let mut args = vec![("title", title.clone()), ("status", status(app, *s))];
            let key = match score {
                Some((right, total)) => {
                    args.push(("right", num(right)));
                    args.push(("total", num(total)));
                    "home.listen.result_right"
                }
                None => "listen.result",
            };
            t(app, key, &args)
        }
        Item::Time(minutes) => time_spent(app, *minutes),
        Item::Review(soon, learning, learnt) => t(
            app,
            "learning.results.review",
            &[
                ("soon", soon.to_string()),
                ("learning", learning.to_string()),
                ("learnt", learnt.to_string()),
            ],
        ),
        Item::Nothing => t(app, "learning.results.nothing_yet", &[]),
        Item::Term(term, def) => t(
            app,
            "listen.term",
            &[("term", term.clone()), ("text", def.clone())],
        ),
    }
}

/// Items in words, one line each.
pub fn lines(app: &App, items: &[Item]) -> Vec<String> {
    items.iter().map(|i| line(app, i)).collect()
}

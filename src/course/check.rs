//! Checks across files: duplicate ids course-wide, glossary terms, modules and lessons named in
//! an order but missing, and files the course does not use.

use std::collections::{HashMap, HashSet};

use super::decode::{Ctx, Scope, Site};
use super::diagnostic::Diagnostic;
use super::parts::Parts;

fn dup_code(scope: Scope) -> Option<&'static str> {
    match scope {
        Scope::Module => Some("E021"),
        Scope::Lesson => Some("E022"),
        Scope::Question => Some("E023"),
        Scope::Term => Some("E024"),
        Scope::TermRef => None,
    }
}

fn at(ctx: &mut Ctx, site: &Site, code: &'static str, args: Vec<(&'static str, String)>) {
    let d = Diagnostic::new(&site.file, site.line, site.col, code, args);
    ctx.diags.push(d);
}

/// Where the id of `scope` was written in `file`, for pointing at a whole file.
fn id_site<'s>(sites: &'s [Site], scope: Scope, file: &str) -> Option<&'s Site> {
    sites.iter().find(|s| s.scope == scope && s.file == file)
}

/// Runs every cross-file check, adding diagnostics to `ctx`.
pub(crate) fn cross(ctx: &mut Ctx, parts: &Parts, course_mode: bool) {
    let sites = std::mem::take(&mut ctx.sites);
    let mut first: HashMap<(Scope, &str), &Site> = HashMap::new();
    for s in &sites {
        let Some(code) = dup_code(s.scope) else {
            continue;
        };
        if s.id.is_empty() {
            continue;
        }
        match first.get(&(s.scope, s.id.as_str())) {
            Some(f) => {
                let where_ = format!("{}:{}", f.file, f.line);
                at(
                    ctx,
                    s,
                    code,
                    vec![("id", s.id.clone()), ("first_at", where_)],
                );
            }
            None => {
                first.insert((s.scope, s.id.as_str()), s);
            }
        }
    }
    if course_mode || parts.glossaries > 0 {
        let terms: HashSet<&str> = sites
            .iter()
            .filter(|s| s.scope == Scope::Term)
            .map(|s| s.id.as_str())
            .collect();
        for s in sites.iter().filter(|s| s.scope == Scope::TermRef) {
            if !terms.contains(s.id.as_str()) {
                at(ctx, s, "E033", vec![("id", s.id.clone())]);
            }
        }
    }
    orders(ctx, parts, &sites, course_mode);
    ctx.sites = sites;
}

fn orders(ctx: &mut Ctx, parts: &Parts, sites: &[Site], course_mode: bool) {
    if course_mode {
        let module_ids: HashSet<&str> = parts
            .folders
            .values()
            .filter_map(|f| f.module.as_ref().map(|(_, m, _)| m.id.as_str()))
            .collect();
        if let Some((file, rc, listed)) = &parts.course {
            for l in listed.iter().chain(&parts.required) {
                if !module_ids.contains(l.id.as_str()) {
                    let d =
                        Diagnostic::new(file, l.line, l.col, "E005", vec![("id", l.id.clone())]);
                    ctx.diags.push(d);
                }
            }
            for (path, m, _) in parts.folders.values().filter_map(|f| f.module.as_ref()) {
                if !rc.modules.is_empty() && !rc.modules.contains(&m.id) {
                    unused(ctx, sites, Scope::Module, path);
                }
            }
        }
        for (dir, folder) in &parts.folders {
            // Point at the folder's first lesson: a folder has no line to show.
            if let (None, Some((first, _))) = (&folder.module, folder.lessons.first()) {
                let d = Diagnostic::new(first, 1, 1, "E004", vec![("dir", dir.clone())]);
                ctx.diags.push(d);
            }
        }
    }
    for folder in parts.folders.values() {
        let Some((file, m, listed)) = &folder.module else {
            continue;
        };
        let lesson_ids: HashSet<&str> = folder.lessons.iter().map(|(_, l)| l.id.as_str()).collect();
        for l in listed {
            if !lesson_ids.contains(l.id.as_str()) {
                let d = Diagnostic::new(file, l.line, l.col, "E034", vec![("id", l.id.clone())]);
                ctx.diags.push(d);
            }
        }
        if !m.lessons.is_empty() {
            for (path, l) in &folder.lessons {
                if !m.lessons.contains(&l.id) {
                    unused(ctx, sites, Scope::Lesson, path);
                }
            }
        }
    }
}

fn unused(ctx: &mut Ctx, sites: &[Site], scope: Scope, path: &str) {
    let (line, col) = id_site(sites, scope, path).map_or((1, 1), |s| (s.line, s.col));
    ctx.diags
        .push(Diagnostic::new(path, line, col, "W007", vec![]));
}

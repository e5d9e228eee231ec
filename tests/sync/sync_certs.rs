//! Certificates belong to the unit (issue 24, item 6), against a real PostgreSQL: a code printed
//! in one data folder verifies in every other folder of the same commune after a sync, and in
//! the province database; folders that printed with their own key before keep their codes
//! valid; another commune's role sees neither the codes nor the keys; a reader verifies every
//! code without ever reading a key.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use hocso::sync::certs;
use hocso::trainer::certificate::code::{self, CertModule, Contents, Issued, Verdict, issue};
use hocso::trainer::certificate::keys;

use crate::pg;
use crate::sync_roles::{connect, count, province, refused, sync_as, unit};
use crate::syncing::folder;

fn contents(name: &str, class: &str) -> Contents {
    Contents {
        learner_id: format!(
            "{}-k7q2m9",
            hocso::progress::id::fold(name).replace(' ', "-")
        ),
        name: name.into(),
        birth_year: Some(1958),
        group: Some("Thôn Đông".into()),
        course: "Công dân số".into(),
        modules: vec![CertModule {
            id: "an-toan".into(),
            title: "An toàn trên không gian mạng".into(),
            completed: "2026-11-20".into(),
        }],
        unit: format!("{class} — Xã An Lão, Hải Phòng"),
        trainer: "Cô Lan".into(),
        issued: "2026-11-30".into(),
    }
}

fn valid_here(dir: &Path, issued: &Issued) -> bool {
    matches!(code::verify(dir, &issued.code).unwrap(), Verdict::Valid(e) if *e == *issued)
}

#[test]
fn a_code_printed_in_one_folder_verifies_in_every_folder_of_the_unit_and_in_the_database() {
    let p = province();
    // Two classes of Xã An Lão printed a certificate each before they ever synced: each folder
    // made its own key (what every folder of an earlier version has).
    let sang = folder(&unit("Xã An Lão", "11111", "Lớp sáng"), &[]);
    let chieu = folder(&unit("Xã An Lão", "11111", "Lớp chiều"), &[]);
    let hoa = issue(sang.path(), contents("Nguyễn Thị Hoa", "Lớp sáng")).unwrap();
    let tam = issue(chieu.path(), contents("Lê Văn Tám", "Lớp chiều")).unwrap();
    assert_eq!(
        code::verify(chieu.path(), &hoa.code).unwrap(),
        Verdict::Unknown
    );
    let own_chieu = keys::current(chieu.path()).unwrap().unwrap();

    let s = sync_as(sang.path(), &p.a).unwrap();
    assert_eq!((s.certificates.sent, s.certificates.received), (1, 0));
    let s = sync_as(chieu.path(), &p.a).unwrap();
    assert_eq!((s.certificates.sent, s.certificates.received), (1, 1));
    assert!(
        s.certificates.adopted,
        "the second folder takes the unit's key"
    );
    sync_as(sang.path(), &p.a).unwrap();

    // Both folders verify both codes — the one printed with the afternoon class's own key too.
    for dir in [sang.path(), chieu.path()] {
        assert!(valid_here(dir, &hoa) && valid_here(dir, &tam));
    }
    // From now on the afternoon class prints with the unit's key (the morning class's, which
    // reached the database first), and keeps its own only for the codes it printed before.
    let unit_key = keys::current(sang.path()).unwrap().unwrap();
    assert_eq!(keys::current(chieu.path()).unwrap().unwrap(), unit_key);
    assert!(keys::all(chieu.path()).unwrap().contains(&own_chieu));
    let ba = issue(chieu.path(), contents("Phạm Văn Ba", "Lớp chiều")).unwrap();
    assert_eq!(ba.code, code::code_for(&unit_key, &ba.contents));
    sync_as(chieu.path(), &p.a).unwrap();

    // A new PC of the commune: a folder set up and synced once verifies everything.
    let moi = folder(&unit("Xã An Lão", "11111", "Lớp tối"), &[]);
    let s = sync_as(moi.path(), &p.a).unwrap();
    assert_eq!(s.certificates.received, 3);
    for issued in [&hoa, &tam, &ba] {
        assert!(valid_here(moi.path(), issued), "{}", issued.code);
    }

    // The database checks every code itself: the province's reader and the unit's role.
    for url in [&p.reader, &p.a] {
        let mut c = connect(url);
        for issued in [&hoa, &tam, &ba] {
            let found = certs::verify(&mut c, &issued.code).unwrap();
            assert_eq!(found.len(), 1, "{}", issued.code);
            assert!(found[0].genuine, "{}", issued.code);
            assert_eq!(found[0].entry.as_ref(), Some(issued));
            assert_eq!(found[0].commune, "Xã An Lão");
        }
        assert!(certs::verify(&mut c, "AAAAA-BBBBB").unwrap().is_empty());
    }

    // Another commune's role: neither An Lão's codes nor its keys, and it cannot plant either.
    let mut b = connect(&p.b);
    assert!(certs::verify(&mut b, &hoa.code).unwrap().is_empty());
    assert_eq!(count(&mut b, "SELECT count(*) FROM certificate_keys"), 0);
    assert_eq!(count(&mut b, "SELECT count(*) FROM certificates"), 0);
    refused(
        &mut b,
        "INSERT INTO certificate_keys (unit_key, secret) VALUES ('code:11111', 'abcd')",
    );
    refused(
        &mut b,
        "INSERT INTO certificates (unit_key, code, payload, learner_id, issued) \
         VALUES ('code:11111', 'AAAAA-AAAAA', '{}', 'x', '2026-01-01')",
    );
    // The reader verifies through the database but never reads a key.
    let mut r = connect(&p.reader);
    refused(&mut r, "SELECT secret FROM certificate_keys");
    refused(
        &mut r,
        "INSERT INTO certificates (unit_key, code, payload, learner_id, issued) \
         VALUES ('code:11111', 'AAAAA-AAAAA', '{}', 'x', '2026-01-01')",
    );
    // Nobody but the owner changes or removes a key or an entry (paper stays verifiable).
    let mut a = connect(&p.a);
    for sql in [
        "DELETE FROM certificates",
        "DELETE FROM certificate_keys",
        "UPDATE certificate_keys SET secret = 'abcd'",
        "UPDATE certificates SET payload = '{}'",
    ] {
        refused(&mut a, sql);
    }

    // An entry altered in the database no longer verifies there.
    let mut owner = pg::cluster().admin(&p.db);
    owner
        .execute(
            "UPDATE certificates SET payload = replace(payload, 'Nguyễn Thị Hoa', 'Nguyễn Văn Giả') \
             WHERE code = $1",
            &[&hoa.code],
        )
        .unwrap();
    let found = certs::verify(&mut r, &hoa.code).unwrap();
    assert_eq!(found.len(), 1);
    assert!(!found[0].genuine);
}

fn hocso() -> Command {
    let mut c = Command::cargo_bin("hocso").unwrap();
    c.env_remove("HOCSO_DB")
        .env_remove("PGPASSWORD")
        .env_remove("HOCSO_DB_PASSWORD")
        .env_remove("HOCSO_DB_PASSWORD_FILE")
        .env_remove("HOCSO_DATA_DIR")
        .env("HOCSO_LANG", "vi")
        .timeout(Duration::from_secs(60));
    c
}

#[test]
fn verify_db_checks_any_code_of_the_province_and_a_commune_only_its_own() {
    let p = province();
    let sang = folder(&unit("Xã An Lão", "11111", "Lớp sáng"), &[]);
    let hoa = issue(sang.path(), contents("Nguyễn Thị Hoa", "Lớp sáng")).unwrap();
    // The class syncs as the README says; the run says what it did with the certificates.
    let out = hocso()
        .arg("--data-dir")
        .arg(sang.path())
        .args(["sync", "--db", &p.a])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("Giấy chứng nhận: gửi 1, nhận 0"), "{said}");
    // At the province office (no data folder): the reader's connection.
    let loose = hoa.code.to_lowercase().replace('-', " ");
    let out = hocso()
        .args(["certificate", "verify", &loose, "--db", &p.reader])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("HỢP LỆ") && said.contains("Nguyễn Thị Hoa"),
        "{said}"
    );
    assert!(
        said.contains("Theo sổ cấp của Xã An Lão, Hải Phòng"),
        "{said}"
    );
    // Another commune's connection: not its register, and it is told who can check.
    let out = hocso()
        .args(["certificate", "verify", &hoa.code, "--db", &p.b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("chỉ thấy giấy của xã/phường đó"), "{said}");
    // A made-up code, asked of the province.
    let out = hocso()
        .args(["certificate", "verify", "AAAAA-BBBBB", "--db", &p.reader])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("KHÔNG có trong sổ cấp giấy chứng nhận của tỉnh")
    );
}

#[test]
fn a_province_database_of_version_5_upgraded_gives_existing_unit_roles_the_certificates() {
    use hocso::sync::province as prov;
    use hocso::sync::run::unit_key;
    let db = pg::cluster().new_db("certs5");
    let mut owner = pg::cluster().admin(&db);
    hocso::sync::schema::migrate_to(&mut owner, 5).unwrap();
    prov::setup_roles(&mut owner).unwrap();
    let u = unit("Xã An Lão", "11111", "");
    let pw = prov::new_password();
    let role = prov::add_unit(&mut owner, &unit_key(&u).unwrap(), &u, &pw).unwrap();
    let url = prov::url_for(&pg::cluster().url(&db), &role, &pw).unwrap();
    // The province upgrades (as `hocso province init` does): V6 grants the existing groups.
    hocso::sync::schema::prepare(&mut owner, "test").unwrap();
    let sang = folder(&unit("Xã An Lão", "11111", "Lớp sáng"), &[]);
    let hoa = issue(sang.path(), contents("Nguyễn Thị Hoa", "Lớp sáng")).unwrap();
    let s = sync_as(sang.path(), &url).unwrap();
    assert_eq!(s.certificates.sent, 1, "{s:?}");
    let found = certs::verify(&mut connect(&url), &hoa.code).unwrap();
    assert!(found.len() == 1 && found[0].genuine);
}

#[test]
fn certificate_tables_not_granted_yet_leave_the_learners_syncing() {
    let p = province();
    let mut owner = pg::cluster().admin(&p.db);
    let group: String = owner
        .query_one("SELECT hocso_group('unit')", &[])
        .unwrap()
        .get(0);
    owner
        .batch_execute(&format!(
            "REVOKE ALL ON certificate_keys, certificates FROM \"{group}\""
        ))
        .unwrap();
    let sang = folder(
        &unit("Xã An Lão", "11111", "Lớp sáng"),
        &crate::sync_roles::learners("an", 2),
    );
    issue(sang.path(), contents("Nguyễn Thị Hoa", "Lớp sáng")).unwrap();
    let s = sync_as(sang.path(), &p.a).unwrap();
    assert_eq!((s.sent, s.certificates.sent), (2, 0));
    assert!(
        s.problems.iter().any(|m| m.contains("hocso province init")),
        "{:?}",
        s.problems
    );
}

use super::*;

#[test]
fn no_break_spaces_where_yaml_needs_a_space() {
    assert_eq!(nbsp_spots("text:\u{a0}\"Chào\""), vec![6]);
    assert_eq!(nbsp_spots("  \u{a0} - id: a"), vec![3]);
    assert_eq!(nbsp_spots("  -\u{a0}Mở Zalo"), vec![4]);
    // Inside the text it is the trainer's business.
    assert!(nbsp_spots("text: \"Chào\u{a0}bác\"").is_empty());
    assert_eq!(nbsp_fixed("text:\u{a0}a", &[6]), "text: a");
}

#[test]
fn quotes_inside_quotes() {
    assert_eq!(
        inner_quote("  text: \"Bác nói \"xin chào\" rồi\""),
        Some((18, "  text: 'Bác nói \"xin chào\" rồi'".into()))
    );
    assert_eq!(inner_quote("  text: \"Bác nói xin chào\""), None);
    assert_eq!(
        inner_quote("  text: 'Bác nói 'xin chào' rồi'"),
        Some((18, "  text: \"Bác nói 'xin chào' rồi\"".into()))
    );
    assert_eq!(inner_quote("  text: 'Bác nói ''xin chào'' rồi'"), None);
    assert_eq!(inner_quote("  text: \"Dùng \\\"mã\\\" OTP\""), None);
}

#[test]
fn other_bullets_become_dashes() {
    assert_eq!(other_bullet("    * id: c"), Some((5, "    - id: c".into())));
    assert_eq!(other_bullet("  • Mở Zalo"), Some((3, "  - Mở Zalo".into())));
    assert_eq!(other_bullet("  *nhấn"), None);
}

#[test]
fn a_field_without_its_colon() {
    assert_eq!(
        missing_colon("      kind one"),
        Some((11, "      kind: one".into()))
    );
    assert_eq!(
        missing_colon("    - id m0-a"),
        Some((9, "    - id: m0-a".into()))
    );
    assert_eq!(missing_colon("      Bác bấm vào đây"), None);
    assert_eq!(missing_colon("      kind: one"), None);
}

#[test]
fn a_list_under_a_field_becomes_a_block() {
    let lines = [
        "    - text: Các bước:",
        "      - Mở Zalo",
        "      * Bấm gọi",
        "      id: a",
    ];
    assert_eq!(
        bullet_block(&lines, 0),
        Some((
            3,
            vec![
                "    - text: |".to_string(),
                "        Các bước:".into(),
                "        - Mở Zalo".into(),
                "        - Bấm gọi".into()
            ]
        ))
    );
    assert_eq!(bullet_block(&["choices:", "  - id: a"], 0), None);
}

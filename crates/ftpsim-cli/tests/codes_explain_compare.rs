//! The `codes`, `explain` and `compare` commands, run as a user runs them.

use std::process::Command;

mod common;

use common::{ftpsim, stderr, stdout};

#[test]
fn codes_json_lists_every_registry_entry_with_the_required_keys() {
    let output = ftpsim(&["codes", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), ftpsim::reply::registry::ALL.len());
    for row in rows {
        for key in ["code", "class", "category", "text", "rfc"] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
    }
    let greeting = rows.iter().find(|r| r["code"] == 220).unwrap();
    assert_eq!(greeting["class"], "positive_completion");
    assert_eq!(greeting["category"], "connections");
    assert_eq!(greeting["rfc"], 959);
    let tls = rows
        .iter()
        .filter(|r| r["code"] == 522)
        .map(|r| r["rfc"].as_u64().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(tls, [2428, 4217]);
}

#[test]
fn codes_table_has_a_row_per_entry() {
    let output = ftpsim(&["codes"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(text.lines().count(), ftpsim::reply::registry::ALL.len() + 1);
    assert!(text.lines().any(|l| l.starts_with("421 ")));
}

#[test]
fn explain_in_english_and_french() {
    let en = stdout(&ftpsim(&["explain", "421"]));
    assert!(en.contains("4xx Transient Negative"), "{en}");
    assert!(en.contains("When you see it"), "{en}");
    let fr = stdout(&ftpsim(&["explain", "421", "--lang", "fr"]));
    assert!(fr.contains("Quand vous le voyez"), "{fr}");
    assert!(fr.contains("Comment résoudre"), "{fr}");
}

#[test]
fn explain_json_and_markdown() {
    let output = ftpsim(&["explain", "220", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["code"], 220);
    assert_eq!(value["meanings"][0]["rfc"], 959);
    let md = stdout(&ftpsim(&["explain", "220", "--markdown"]));
    assert!(md.starts_with("# 220 "), "{md}");
}

#[test]
fn explain_a_code_no_rfc_defines() {
    let output = ftpsim(&["explain", "299"]);
    assert!(output.status.success());
    assert!(stdout(&output).contains("2xx"));
}

#[test]
fn compare_220_421_in_french_has_every_section() {
    let output = ftpsim(&["compare", "220", "421", "--lang", "fr"]);
    assert!(output.status.success());
    let page = stdout(&output);
    for heading in [
        "Description",
        "Quand vous le voyez",
        "Comment résoudre",
        "Différences clés",
        "Quand utiliser lequel",
    ] {
        assert!(page.contains(heading), "{heading} missing:\n{page}");
    }
}

#[test]
fn compare_json_and_markdown() {
    let output = ftpsim(&["compare", "220", "421", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["left"]["code"], 220);
    assert_eq!(value["right"]["code"], 421);
    assert!(value["differences"].as_array().unwrap().len() >= 3);
    let md = stdout(&ftpsim(&["compare", "220", "421", "--markdown"]));
    assert!(md.contains("## Key differences"), "{md}");
}

#[test]
fn bad_arguments_give_one_line_and_status_2() {
    for args in [
        &["explain", "999"][..],
        &["explain", "42"],
        &["explain", "abc"],
        &["compare", "220"],
        &["explain", "220", "--lang", "de"],
        &["frobnicate"],
    ] {
        let output = ftpsim(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("ftpsim: error: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn help_teaches_the_commands() {
    let output = ftpsim(&["--help"]);
    assert!(output.status.success());
    let help = stdout(&output);
    for command in ["codes", "explain", "compare"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    for args in [
        &["codes", "--json"][..],
        &["codes"],
        &["compare", "220", "421"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end of the pipe without reading: the next write fails
        // with EPIPE, as under `ftpsim codes | head -0`.
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(status.success(), "{args:?}: {status} {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn clients_advice_follows_the_limit_and_the_core_table() {
    let output = ftpsim(&["clients", "--limit", "3", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), ftpsim::clients::ALL.len());
    let filezilla = rows.iter().find(|r| r["key"] == "filezilla").unwrap();
    assert_eq!(filezilla["default_connections"], 3);
    assert_eq!(filezilla["parallel_for_limit"], 1);
    for key in ["winscp", "lftp", "rclone", "curl", "wget"] {
        let row = rows.iter().find(|r| r["key"] == key);
        assert!(
            row.is_some_and(|r| !r["source"].as_str().unwrap().is_empty()),
            "{key}"
        );
    }

    let text = stdout(&ftpsim(&["clients", "--limit", "8", "--lang", "fr"]));
    assert!(text.contains("limite par adresse de 8"), "{text}");
    assert!(text.contains("rclone 1.60 : 12 par défaut"), "{text}");
    assert!(text.contains("--ftp-concurrency 7"), "{text}");

    let refused = ftpsim(&["clients", "--limit", "0"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
}

#[test]
fn compare_a_code_with_itself_says_so_once() {
    let output = ftpsim(&["compare", "220", "220"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("the same code"), "{text}");
    assert_eq!(text.matches("When you see it").count(), 1, "{text}");
}

#[test]
fn explain_takes_windows_socket_errors_too() {
    let output = ftpsim(&["explain", "10060"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("10060 WSAETIMEDOUT (ETIMEDOUT): Connection timed out"),
        "{text}"
    );
    assert!(text.contains("not an FTP reply code"), "{text}");

    let json = ftpsim(&["explain", "10054", "--json", "--lang", "fr"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["name"], "WSAECONNRESET");
    assert_eq!(value["lang"], "fr");

    let unknown = ftpsim(&["explain", "10062"]);
    assert_eq!(unknown.status.code(), Some(2));
    let message = stderr(&unknown);
    assert!(
        message.contains("Windows socket error") && message.contains("10060"),
        "{message}"
    );

    let still_a_code = ftpsim(&["explain", "1000"]);
    assert_eq!(still_a_code.status.code(), Some(2));
    assert!(stderr(&still_a_code).contains("not a reply code"));
}

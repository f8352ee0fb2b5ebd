//! `ftpsim parse`, run as a person would: the built binary, real files,
//! standard input, bad input and missing files.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn ftpsim(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ftpsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ftpsim binary starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    // A process that stops early (a usage error) closes its input.
    if let Err(err) = input.write_all(stdin) {
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
    }
    drop(input);
    child.wait_with_output().expect("ftpsim finishes")
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).expect("the temporary file is written");
    path
}

const SESSION: &[u8] = b"220-Welcome\r\n 220 padded\r\n220 Ready\r\n331 Password required\r\n421 There are too many connected users, please try later.\r\n";

#[test]
fn reads_standard_input() {
    let output = ftpsim(&["parse"], SESSION);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stderr.is_empty());
    let replies = json_lines(&output);
    assert_eq!(replies.len(), 3);
    assert_eq!(replies[0]["code"], 220);
    assert_eq!(replies[0]["offset"], 0);
    assert_eq!(
        replies[0]["lines"],
        serde_json::json!(["Welcome", " 220 padded", "Ready"])
    );
    assert_eq!(replies[1]["code"], 331);
    assert_eq!(replies[1]["offset"], 37);
    assert_eq!(replies[2]["code"], 421);
    assert_eq!(replies[2]["offset"], 60);
    assert_eq!(replies[2]["end"], SESSION.len());
}

#[test]
fn reads_a_file_and_a_dash_means_standard_input() {
    let path = temp_file("parse_cli_session.bin", SESSION);
    let from_file = ftpsim(&["parse", path.to_str().unwrap()], b"");
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let from_dash = ftpsim(&["parse", "-"], SESSION);
    assert!(from_dash.status.success());
    assert_eq!(json_lines(&from_file), json_lines(&from_dash));
    assert_eq!(json_lines(&from_file).len(), 3);
}

#[test]
fn bad_input_names_the_byte_offset_and_exits_2() {
    let output = ftpsim(&["parse"], b"220 ok\r\nHello there\r\n");
    assert_eq!(output.status.code(), Some(2));
    // The reply before the error is still printed.
    let replies = json_lines(&output);
    assert_eq!(replies.len(), 1);
    assert_eq!(replies[0]["code"], 220);
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("ftpsim: error: standard input: at byte 8: "),
        "{message}"
    );
    assert!(message.contains("'H'"), "{message}");
}

#[test]
fn truncated_input_and_bare_lf_under_each_rule() {
    let output = ftpsim(&["parse"], b"220 ok\r\n421-closing\r\n");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim_end(),
        "ftpsim: error: standard input: at byte 21: the input ended inside the 421 reply that began at byte 8"
    );

    let bare_lf =
        b"553-\n553- Directory excluded (precheck).\n150 Opening BINARY mode data connection.\n";
    let rfc = ftpsim(&["parse", "--rule", "rfc"], bare_lf);
    assert_eq!(rfc.status.code(), Some(2));
    assert!(stderr(&rfc).contains("at byte 4: line ends with LF alone"));
    let lenient = ftpsim(&["parse", "--rule", "lenient"], bare_lf);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    let replies = json_lines(&lenient);
    assert_eq!(replies[0]["code"], 150);
    assert_eq!(replies[0]["opening_code"], 553);
}

#[test]
fn text_that_is_not_utf8_is_shown_lossily() {
    let output = ftpsim(&["parse"], b"550 fichier \xE9chou\xE9\r\n");
    assert!(output.status.success());
    assert_eq!(
        json_lines(&output)[0]["lines"][0],
        "fichier \u{FFFD}chou\u{FFFD}"
    );
}

#[test]
fn a_missing_file_is_one_line_and_exit_2() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no_such_capture.bin");
    let output = ftpsim(&["parse", path.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with(&format!("ftpsim: error: cannot read {}: ", path.display())),
        "{message}"
    );
}

#[test]
fn every_client_rule_is_accepted_and_reads_as_that_client() {
    // A LF-only banner: the RFC refuses it; Commons Net waits for a CR LF
    // that never comes, so its whole first line is `220-Welcome\n220
    // Ready\n`, which opens a reply that the end of the input cuts off.
    let input = b"220-Welcome\n220 Ready\n";
    let expected = [
        ("rfc", None),
        ("ftplib", Some(1)),
        ("go", Some(1)),
        ("curl", Some(1)),
        ("suppaftp", Some(1)),
        ("commons-net", None),
        ("lftp", Some(1)),
        ("filezilla", Some(1)),
        ("lenient", Some(1)),
    ];
    for (rule, replies) in expected {
        let output = ftpsim(&["parse", "--rule", rule], input);
        match replies {
            Some(count) => {
                assert!(output.status.success(), "{rule}: {}", stderr(&output));
                assert_eq!(json_lines(&output).len(), count, "{rule}");
            }
            None => assert_eq!(output.status.code(), Some(2), "{rule}"),
        }
    }
    let commons = ftpsim(&["parse", "--rule", "commons-net"], input);
    assert_eq!(
        stderr(&commons).trim_end(),
        "ftpsim: error: standard input: at byte 22: the input ended inside the 220 reply that began at byte 0"
    );
    let go = ftpsim(&["parse", "--rule", "go"], input);
    assert_eq!(
        json_lines(&go)[0]["lines"],
        serde_json::json!(["Welcome", "Ready"])
    );
}

#[test]
fn compare_shows_where_the_rules_part_ways() {
    let glftpd = b"553-Error: the file exists.\r\n150 Opening BINARY mode data connection.\r\n";
    let output = ftpsim(&["parse", "--compare"], glftpd);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("The rules part ways at byte 0 of 71: 3 different readings."),
        "{text}"
    );
    assert!(text.contains("\ncurl, suppaftp, lftp\n  reply 1, bytes 0-71: 150 (opened as 553)\n"));
    assert!(text.contains("\ncommons-net\n  reply 1, bytes 0-71: 553\n"));
    assert!(text.contains("the input ended inside the 553 reply that began at byte 0"));

    let agreed = ftpsim(&["parse", "--compare"], b"421 Too many connections\r\n");
    assert_eq!(
        String::from_utf8(agreed.stdout).unwrap().lines().next(),
        Some("Every rule reads these 26 bytes the same way.")
    );
}

#[test]
fn compare_as_json_names_every_rule_and_its_source() {
    let output = ftpsim(
        &["parse", "--compare", "--json", "--lang", "fr"],
        b"220 Ready\n",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
    assert_eq!(doc["bytes"], 10);
    assert_eq!(doc["agree"], false);
    assert_eq!(doc["part_ways_at"], 0);
    let readings = doc["readings"].as_array().unwrap();
    let names: Vec<&str> = readings
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "rfc",
            "ftplib",
            "go",
            "curl",
            "suppaftp",
            "commons-net",
            "lftp",
            "filezilla"
        ]
    );
    assert_eq!(readings[0]["error"]["offset"], 9);
    assert!(
        readings[0]["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("à l'octet 9 : ")
    );
    assert_eq!(readings[2]["replies"][0]["code"], 220);
    assert!(
        readings[1]["source"]
            .as_str()
            .unwrap()
            .contains("ftplib.py")
    );
    assert_eq!(doc["groups"][0], serde_json::json!(["rfc"]));
}

#[test]
fn json_without_compare_and_compare_with_a_rule_are_usage_errors() {
    for args in [
        &["parse", "--json"][..],
        &["parse", "--compare", "--rule", "go"],
    ] {
        let output = ftpsim(args, SESSION);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn an_unknown_rule_is_a_usage_error() {
    let output = ftpsim(&["parse", "--rule", "loose"], SESSION);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1);
    assert!(output.stdout.is_empty());
}

#[test]
fn errors_speak_the_language_asked_for() {
    let output = ftpsim(&["parse", "--lang", "fr"], b"22O Service ready\r\n");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim_end(),
        "ftpsim: error: entrée standard : à l'octet 2 : on attendait le chiffre 3 du code de réponse à trois chiffres, on trouve « O »"
    );
}

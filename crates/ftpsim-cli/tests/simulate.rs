//! `ftpsim simulate`, run as a user runs it: example scenarios, overrides,
//! JSON output, determinism, and errors for bad files.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{ftpsim, stderr, stdout};

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// A scenario file written for one test, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let dir = std::env::temp_dir().join(format!("ftpsim-simulate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn defaults_give_a_loss_system_with_its_erlang_b_prediction() {
    let report = json(&ftpsim(&["simulate", "--json", "--duration", "20000"]));
    for key in [
        "attempts",
        "greeted",
        "refused",
        "blocking_probability",
        "erlang_b",
        "peak_concurrency",
        "timeline",
        "transcripts",
    ] {
        assert!(report.get(key).is_some(), "{key} missing");
    }
    let erlang_b = report["erlang_b"].as_f64().unwrap();
    assert!((erlang_b - 0.2146).abs() < 1e-4);
    let blocking = report["blocking_probability"].as_f64().unwrap();
    assert!((blocking - erlang_b).abs() < 0.03, "{blocking}");
    assert_eq!(
        report["attempts"].as_u64().unwrap(),
        report["greeted"].as_u64().unwrap() + report["refused"].as_u64().unwrap()
    );
    assert!(report["peak_concurrency"].as_u64().unwrap() <= 10);
}

#[test]
fn every_example_scenario_runs() {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(scenarios_dir()).unwrap() {
        let path = entry.unwrap().path();
        names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        let report = json(&ftpsim(&["simulate", path.to_str().unwrap(), "--json"]));
        assert!(report["attempts"].as_u64().unwrap() > 0, "{path:?}");
        assert_eq!(report["finished"], true);
    }
    names.sort();
    assert_eq!(
        names,
        [
            "filezilla-vs-8-per-ip.toml",
            "ghost-sessions.toml",
            "maintenance-shutdown.toml",
            "mmcc-loss-system.json",
            "nine-oclock-rush.toml",
            "office-nat.toml",
            "one-greedy-ip.toml",
            "quiet-evening.toml",
            "rclone-defaults.toml"
        ]
    );
}

#[test]
fn the_example_scenarios_show_what_they_promise() {
    let dir = scenarios_dir();
    let run = |name: &str| {
        json(&ftpsim(&[
            "simulate",
            dir.join(name).to_str().unwrap(),
            "--json",
        ]))
    };

    let mmcc = run("mmcc-loss-system.json");
    let predicted = mmcc["erlang_b"].as_f64().unwrap();
    let interval = &mmcc["blocking_confidence_interval"];
    let (low, high) = (
        interval["low"].as_f64().unwrap(),
        interval["high"].as_f64().unwrap(),
    );
    assert!(
        low <= predicted && predicted <= high,
        "{predicted} not in [{low}, {high}]"
    );

    let greedy = run("one-greedy-ip.toml");
    assert_eq!(greedy["erlang_b"], serde_json::Value::Null);
    let reasons = greedy["refused_by_reason"].as_array().unwrap();
    assert!(
        reasons
            .iter()
            .any(|r| r["reason"] == "too_many_from_address" && r["code"] == 421)
    );

    let shutdown = run("maintenance-shutdown.toml");
    assert!(shutdown["ended_by_shutdown"].as_u64().unwrap() > 0);
    let codes = shutdown["refused_by_code"].as_array().unwrap();
    assert!(codes.iter().any(|c| c["code"] == "500"));

    let rush = run("nine-oclock-rush.toml");
    let buckets = rush["timeline"]["buckets"].as_array().unwrap();
    let refused_in = |range: std::ops::Range<usize>| -> u64 {
        buckets[range]
            .iter()
            .map(|b| b["refused"].as_u64().unwrap())
            .sum()
    };
    // 08:00–09:00 is quiet; 09:00–09:30 is the rush (24 buckets an hour).
    assert!(refused_in(24..36) > 10 * (refused_in(0..24) + 1));

    let quiet = run("quiet-evening.toml");
    assert!(quiet["blocking_probability"].as_f64().unwrap() < 0.05);
}

/// The client-model scenarios: each comment's claim, and the fix it names.
#[test]
fn the_client_scenarios_show_what_their_comments_say() {
    let dir = scenarios_dir();
    let run = |name: &str, extra: &[&str]| {
        let path = dir.join(name);
        let mut args = vec!["simulate", path.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        json(&ftpsim(&args))
    };
    let first_refused =
        |report: &serde_json::Value| report["users"]["first_attempt_blocking"].as_f64().unwrap();

    // FileZilla: about one upload in four meets a 421 at once; one transfer
    // connection fewer and most of them vanish.
    let filezilla = run("filezilla-vs-8-per-ip.toml", &[]);
    assert!(
        (0.1..0.3).contains(&first_refused(&filezilla)),
        "{filezilla}"
    );
    let fewer = run("filezilla-vs-8-per-ip.toml", &["--connections", "2"]);
    assert!(first_refused(&fewer) < first_refused(&filezilla) / 4.0);

    // rclone: every run meets 421s, none fails; 7 connections meet none.
    let rclone = run("rclone-defaults.toml", &[]);
    assert_eq!(first_refused(&rclone), 1.0);
    assert_eq!(rclone["users"]["users_failed"], 0);
    assert!(rclone["blocking_probability"].as_f64().unwrap() > 0.5);
    let seven = run("rclone-defaults.toml", &["--connections", "7"]);
    assert_eq!(seven["refused"], 0);

    // Ghosts: Erlang B with the longer holding time, inside the interval;
    // a shorter idle timeout refuses far less.
    let ghosts = run("ghost-sessions.toml", &[]);
    assert_eq!(ghosts["offered_load"], 9.0);
    let predicted = ghosts["erlang_b"].as_f64().unwrap();
    let interval = &ghosts["blocking_confidence_interval"];
    assert!(interval["low"].as_f64().unwrap() <= predicted);
    assert!(predicted <= interval["high"].as_f64().unwrap());
    let short = run("ghost-sessions.toml", &["--idle-timeout", "60"]);
    assert!(
        short["blocking_probability"].as_f64().unwrap()
            < ghosts["blocking_probability"].as_f64().unwrap() / 3.0
    );

    // The office behind one address is refused; spread out, nobody is.
    let office = run("office-nat.toml", &[]);
    assert!(first_refused(&office) > 0.05);
    let spread = run("office-nat.toml", &["--ips", "40"]);
    assert_eq!(spread["refused"], 0);
}

#[test]
fn the_same_arguments_give_byte_identical_json() {
    let args = [
        "simulate",
        "--json",
        "--duration",
        "3000",
        "--preset",
        "pure-ftpd",
        "--retry",
        "backoff:1,30,5",
        "--max-per-ip",
        "2",
        "--ips",
        "20",
    ];
    let first = ftpsim(&args);
    let second = ftpsim(&args);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(first.stdout, second.stdout);
    let mut other_seed = args.to_vec();
    other_seed.extend(["--seed", "2"]);
    assert_ne!(first.stdout, ftpsim(&other_seed).stdout);
}

#[test]
fn flags_override_the_file() {
    let file = scenarios_dir().join("mmcc-loss-system.json");
    let report = json(&ftpsim(&[
        "simulate",
        file.to_str().unwrap(),
        "--json",
        "--max-clients",
        "3",
        "--arrival-rate",
        "2",
        "--mean-session",
        "1",
        "--duration",
        "5000",
        "--seed",
        "11",
        "--preset",
        "vsftpd",
    ]));
    assert_eq!(report["peak_concurrency"], 3);
    assert_eq!(report["erlang_b_servers"], 3);
    assert_eq!(report["seed"], 11);
    assert_eq!(report["preset"], "vsftpd");
    assert!((report["offered_load"].as_f64().unwrap() - 2.0).abs() < 1e-12);
    assert!((report["simulated_seconds"].as_f64().unwrap() - 5000.0).abs() < 1e-9);
    // Sampled sessions come in time order, each with how it ended.
    let transcripts = report["transcripts"].as_array().unwrap();
    let times: Vec<f64> = transcripts
        .iter()
        .map(|t| t["at"].as_f64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    let greeted = transcripts
        .iter()
        .find(|t| t["outcome"] == "greeted")
        .unwrap();
    assert_eq!(greeted["lines"][0]["text"], "220 (vsFTPd 3.0.3)\r\n");
    assert_eq!(greeted["kind"], "quit");
    let refused = transcripts
        .iter()
        .find(|t| t["outcome"] == "refused")
        .unwrap();
    assert_eq!(refused["kind"], "too_many_clients");
}

#[test]
fn retry_flag_turns_off_the_prediction() {
    let report = json(&ftpsim(&[
        "simulate",
        "--json",
        "--duration",
        "2000",
        "--retry",
        "fixed:5",
    ]));
    assert_eq!(report["erlang_b"], serde_json::Value::Null);
    assert_eq!(report["erlang_b_not_applicable"], "retries");
}

#[test]
fn human_output_summarises_and_charts() {
    let output = ftpsim(&["simulate", "--duration", "3000", "--preset", "vsftpd"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Blocking probability:",
        "Erlang B prediction:  0.2146",
        "greeted (220):",
        "421",
        "too_many_clients",
        "Concurrency over time",
        "#",
        "S> 220 (vsFTPd 3.0.3)",
        "C> USER anonymous",
        "S> 421 There are too many connected users, please try later.",
    ] {
        assert!(text.contains(expected), "{expected:?} missing in\n{text}");
    }
    // Piped, as here: no progress bar.
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_bad_value_names_the_file_line_and_field() {
    let file = TempFile::new(
        "bad-shape.toml",
        "duration = 600\n\n[session]\nkind = \"pareto\"\nmean = 30\nshape = 1.0\n",
    );
    let output = ftpsim(&["simulate", file.path()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{}:6:", file.path())),
        "{message}"
    );
    assert!(message.contains("session.shape"), "{message}");
    assert!(message.contains("above 1"), "{message}");
}

#[test]
fn a_wrong_type_names_the_file_line_and_field() {
    let file = TempFile::new(
        "bad-type.json",
        "{\n  \"duration\": 600,\n  \"arrivals\": {\n    \"kind\": \"poisson\",\n    \"rate\": \"fast\"\n  }\n}\n",
    );
    let output = ftpsim(&["simulate", file.path()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{}:5:", file.path())),
        "{message}"
    );
    assert!(message.contains("arrivals.rate"), "{message}");
}

#[test]
fn a_syntax_error_and_a_missing_file_exit_with_2() {
    let file = TempFile::new("broken.toml", "duration = 600\n[server\n");
    let output = ftpsim(&["simulate", file.path()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!("{}:2", file.path())),
        "{}",
        stderr(&output)
    );

    let output = ftpsim(&["simulate", "/nonexistent/scenario.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/scenario.toml"));
}

#[test]
fn bad_flags_exit_with_2() {
    for args in [
        ["simulate", "--retry", "sometimes"],
        ["simulate", "--preset", "iis"],
        ["simulate", "--duration", "-5"],
    ] {
        let output = ftpsim(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).starts_with("ftpsim: error:"),
            "{}",
            stderr(&output)
        );
    }
}

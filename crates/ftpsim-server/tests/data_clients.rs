//! Real clients doing real work against `ftpsim serve`'s data connections:
//! listings, downloads compared byte for byte with the tree, uploads, and
//! the parallel jobs that meet a per-address limit (lftp mirror and pget,
//! rclone copy, curl --parallel), which must complete, their retries
//! absorbing the 421s the server counts; and FileZilla, with its default
//! settings, downloading a folder through its transfer queue.
//!
//! Runs under libtest-mimic: a client that is not installed makes its test
//! ignored, with the reason; under CI (`CI=true`) it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use common::*;

use ftpsim::Lang;
use ftpsim::admission::Preset;
use ftpsim::diagnose::{Cause, diagnose};
use ftpsim::vfs::{TreeLimits, VPath, demo};
use ftpsim_peers::filezilla::{FileZilla, Site};
use ftpsim_peers::{Skip, trials};
use ftpsim_server::ServerConfig;

fn main() {
    ftpsim_peers::run(trials![
        curl_lists_downloads_and_uploads,
        curl_parallel_downloads_are_byte_identical,
        ftplib_nlst_mlsd_retrbinary_storbinary_rest,
        wget_recursive_download,
        lftp_mirror_parallel_completes_through_421s,
        lftp_pget_in_four_pieces,
        rclone_copy_with_four_transfers_completes,
        filezilla_queue_fits_a_limit_of_three,
        filezilla_queue_meets_a_limit_of_two,
    ]);
}

/// The demo tree's content of `path`.
fn demo_file(path: &str) -> Vec<u8> {
    let tree = demo::tree(TreeLimits::default());
    let content = tree.content(&VPath::parse(path).unwrap()).unwrap();
    let mut bytes = vec![0u8; content.size() as usize];
    assert_eq!(content.read_at(0, &mut bytes), bytes.len());
    bytes
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ftpsim-data-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn anonymous(preset: Preset) -> ServerConfig {
    let mut config = config(preset);
    config.anonymous = true;
    config
}

fn url(server: &TestServer, path: &str) -> String {
    format!("ftp://{}{path}", server.addr)
}

fn succeeded(program: &str, output: &Output) {
    assert!(
        output.status.success(),
        "{program} failed ({}):\n{}\n{}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// Every file under `dir`, as paths relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    found.sort();
    found
}

/// Checks that every file of the demo's `mirror/` arrived under `local`
/// (at `prefix`) byte for byte.
fn mirror_arrived(local: &Path, prefix: &str) {
    let expected = [
        "deeper/part-00.bin",
        "deeper/part-01.bin",
        "deeper/part-02.bin",
        "deeper/part-03.bin",
        "deeper/part-04.bin",
        "deeper/part-05.bin",
        "part-00.bin",
        "part-01.bin",
        "part-02.bin",
        "part-03.bin",
        "part-04.bin",
        "part-05.bin",
    ];
    let found: Vec<String> = files_under(local)
        .into_iter()
        .filter(|f| !f.ends_with(".listing") && !f.contains("robots"))
        .collect();
    let wanted: Vec<String> = expected.iter().map(|f| format!("{prefix}{f}")).collect();
    assert_eq!(found, wanted);
    for file in expected {
        let got = std::fs::read(local.join(format!("{prefix}{file}"))).unwrap();
        assert!(
            got == demo_file(&format!("mirror/{file}")),
            "{file} differs"
        );
    }
}

fn curl_lists_downloads_and_uploads() -> Result<(), Skip> {
    let server = TestServer::start(anonymous(Preset::Vsftpd));
    let list = run_peer("curl", &["-sS".into(), url(&server, "/pub/")])?;
    succeeded("curl", &list);
    let listing = text(&list.stdout);
    assert!(
        // curl turns the listing's CRLF into LF (TYPE A).
        listing.contains("-rw-r--r--    1 0        0         1048576 Jan 01  2024 1m.bin\n"),
        "{listing}"
    );
    let dir = scratch("curl");
    let target = dir.join("1m.bin");
    let download = run_peer(
        "curl",
        &[
            "-sS".into(),
            "-o".into(),
            target.display().to_string(),
            url(&server, "/pub/1m.bin"),
        ],
    )?;
    succeeded("curl", &download);
    assert!(std::fs::read(&target).unwrap() == demo_file("pub/1m.bin"));
    // Active mode too (EPRT, then PORT).
    let active = run_peer(
        "curl",
        &[
            "-sS".into(),
            "--ftp-port".into(),
            "127.0.0.1".into(),
            url(&server, "/README.txt"),
        ],
    )?;
    succeeded("curl", &active);
    assert_eq!(active.stdout, demo_file("README.txt"));
    let source = dir.join("up.txt");
    std::fs::write(&source, b"uploaded by curl\n").unwrap();
    let upload = run_peer(
        "curl",
        &[
            "-sS".into(),
            "-T".into(),
            source.display().to_string(),
            url(&server, "/upload/"),
        ],
    )?;
    succeeded("curl", &upload);
    let back = run_peer("curl", &["-sS".into(), url(&server, "/upload/up.txt")])?;
    assert_eq!(back.stdout, b"uploaded by curl\n");
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

fn curl_parallel_downloads_are_byte_identical() -> Result<(), Skip> {
    let mut config = anonymous(Preset::PureFtpd);
    config.data.transfer_rate = Some(2 << 20);
    let server = TestServer::start(config);
    let dir = scratch("curl-parallel");
    let mut args = vec!["-sS".to_string(), "--parallel".to_string()];
    for i in 0..4 {
        args.push("-o".into());
        args.push(dir.join(format!("part-0{i}.bin")).display().to_string());
        args.push(url(&server, &format!("/mirror/part-0{i}.bin")));
    }
    let output = run_peer("curl", &args)?;
    succeeded("curl", &output);
    for i in 0..4 {
        let got = std::fs::read(dir.join(format!("part-0{i}.bin"))).unwrap();
        assert!(got == demo_file(&format!("mirror/part-0{i}.bin")));
    }
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

const FTPLIB: &str = r#"
import ftplib, io, sys
ftp = ftplib.FTP()
ftp.connect(sys.argv[1], int(sys.argv[2]))
ftp.login()
print("nlst", ftp.nlst("/pub"))
print("mlsd", sorted(name for name, facts in ftp.mlsd("/mirror") if facts["type"] == "file")[:2])
buf = io.BytesIO()
ftp.retrbinary("RETR /pub/64k.bin", buf.write)
open(sys.argv[3], "wb").write(buf.getvalue())
print("retr", len(buf.getvalue()))
tail = io.BytesIO()
ftp.retrbinary("RETR /pub/64k.bin", tail.write, rest=65536 - 10)
print("rest", tail.getvalue() == buf.getvalue()[-10:])
ftp.storbinary("STOR /upload/f.bin", io.BytesIO(b"x" * 5000))
print("size", ftp.size("/upload/f.bin"))
ftp.quit()
"#;

fn ftplib_nlst_mlsd_retrbinary_storbinary_rest() -> Result<(), Skip> {
    let server = TestServer::start(anonymous(Preset::Pyftpdlib));
    let dir = scratch("ftplib");
    let target = dir.join("64k.bin");
    let output = run_peer(
        "python3",
        &[
            "-c".into(),
            FTPLIB.into(),
            server.addr.ip().to_string(),
            server.addr.port().to_string(),
            target.display().to_string(),
        ],
    )?;
    succeeded("python3", &output);
    assert_eq!(
        text(&output.stdout),
        "nlst ['16m.bin', '1k.bin', '1m.bin', '64k.bin', '64m.bin']\n\
         mlsd ['part-00.bin', 'part-01.bin']\n\
         retr 65536\n\
         rest True\n\
         size 5000\n"
    );
    assert!(std::fs::read(&target).unwrap() == demo_file("pub/64k.bin"));
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

fn wget_recursive_download() -> Result<(), Skip> {
    let server = TestServer::start(anonymous(Preset::Vsftpd));
    let dir = scratch("wget");
    let output = run_peer(
        "wget",
        &[
            "-q".into(),
            "-r".into(),
            "-nH".into(),
            "--cut-dirs=1".into(),
            "-P".into(),
            dir.display().to_string(),
            url(&server, "/mirror/"),
        ],
    )?;
    succeeded("wget", &output);
    mirror_arrived(&dir, "");
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

/// lftp with its retries quick enough for a test (the defaults wait tens
/// of seconds between reconnections).
fn lftp(server: &TestServer, commands: &str) -> Result<Output, Skip> {
    let script = format!(
        "set net:reconnect-interval-base 1; set net:reconnect-interval-max 2; \
         set net:max-retries 40; set xfer:clobber on; {commands}; quit"
    );
    run_peer(
        "lftp",
        &[
            "-e".into(),
            script,
            format!("ftp://anonymous:x@{}", server.addr),
        ],
    )
}

/// A server with a per-address limit of 2 and a rate that makes transfers
/// overlap, as on a real line.
fn limited(preset: Preset) -> ServerConfig {
    let mut config = anonymous(preset);
    config.spec.max_per_ip = Some(2);
    config.data.transfer_rate = Some(1 << 20);
    config
}

fn lftp_mirror_parallel_completes_through_421s() -> Result<(), Skip> {
    let server = TestServer::start(limited(Preset::PureFtpd));
    let dir = scratch("lftp-mirror");
    let output = lftp(
        &server,
        &format!("mirror --parallel=5 /mirror {}", dir.display()),
    )?;
    succeeded("lftp", &output);
    mirror_arrived(&dir, "");
    let summary = server.stop();
    let refused = summary.refused.get("too_many_from_address").copied();
    assert!(
        refused.is_some_and(|n| n > 0),
        "the mirror met the per-address limit: {summary}"
    );
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

fn lftp_pget_in_four_pieces() -> Result<(), Skip> {
    let server = TestServer::start(limited(Preset::Vsftpd));
    let dir = scratch("lftp-pget");
    let target = dir.join("16m.bin");
    let output = lftp(
        &server,
        &format!("pget -n 4 /pub/16m.bin -o {}", target.display()),
    )?;
    succeeded("lftp", &output);
    assert!(std::fs::read(&target).unwrap() == demo_file("pub/16m.bin"));
    let summary = server.stop();
    assert!(
        summary.refused.contains_key("too_many_from_address"),
        "four pieces against a limit of two: {summary}"
    );
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

fn rclone_copy_with_four_transfers_completes() -> Result<(), Skip> {
    let server = TestServer::start(limited(Preset::Vsftpd));
    let dir = scratch("rclone");
    // rclone takes passwords obscured, by itself.
    let obscured = run_peer("rclone", &["obscure".into(), "x".into()])?;
    succeeded("rclone", &obscured);
    let remote = format!(
        ":ftp,host={},port={},user=anonymous,pass={}:/mirror",
        server.addr.ip(),
        server.addr.port(),
        text(&obscured.stdout).trim()
    );
    let output = run_peer(
        "rclone",
        &[
            "copy".into(),
            "--transfers".into(),
            "4".into(),
            // Fewer checkers than its default 8: the copy is the same, and
            // rclone's pacer (retries that wait while two idle connections
            // sit in its pool) takes about 45 s instead of minutes.
            "--checkers".into(),
            "1".into(),
            remote,
            dir.display().to_string(),
        ],
    )?;
    succeeded("rclone", &output);
    mirror_arrived(&dir, "");
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

/// FileZilla's remote list at the demo tree's root: `..`, then `mirror`.
const MIRROR_ROW: usize = 1;

/// How long FileZilla may take to download the demo's `mirror/` (twelve
/// files of 256 KiB) when nothing stands in its way.
const FILEZILLA_QUEUE: Duration = Duration::from_secs(60);

fn filezilla_downloads_mirror(server: &TestServer, dir: &Path) -> Result<FileZilla, Skip> {
    let site = Site {
        addr: server.addr,
        user: "anonymous".into(),
        password: "x".into(),
        local_dir: dir.join("local"),
    };
    let mut filezilla = FileZilla::connect(&site, dir)?;
    filezilla
        .download_row(MIRROR_ROW)
        .unwrap_or_else(|why| panic!("{why}"));
    Ok(filezilla)
}

fn successful_transfers(log: &str) -> usize {
    log.matches("Status: File transfer successful").count()
}

/// FileZilla's defaults (a browsing connection and two transfers) fit a
/// per-address limit of three: the folder arrives whole, and the server
/// never refuses it.
fn filezilla_queue_fits_a_limit_of_three() -> Result<(), Skip> {
    let mut config = anonymous(Preset::PureFtpd);
    config.spec.max_per_ip = Some(3);
    config.data.transfer_rate = Some(1 << 20);
    let server = TestServer::start(config);
    let dir = scratch("filezilla-3");
    let mut filezilla = filezilla_downloads_mirror(&server, &dir)?;
    filezilla
        .wait_for_log(FILEZILLA_QUEUE, |log| successful_transfers(log) == 12)
        .unwrap_or_else(|why| panic!("{why}"));
    let log = filezilla.log();
    drop(filezilla);
    mirror_arrived(&dir.join("local"), "mirror/");
    assert!(!log.contains("Response: 421"), "{log}");
    // Its two transfer connections were open together beside the browsing
    // one: three engines logged in.
    assert!(log.contains(" 3 Status: Logged in"), "{log}");
    let summary = server.stop();
    assert_eq!(summary.refused_total(), 0, "{summary}");
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

/// Against a limit of two, FileZilla's second transfer connection meets
/// Pure-FTPd's "421 Too many connections (2) from this IP" while the first
/// one works through the queue; FileZilla's own log says so, and the
/// core's diagnosis of that log names the per-address limit of two. (The
/// queue does finish: the refused connection retries every 5 s and gets in
/// once FileZilla closes its idle transfer connection, about a minute
/// later; the test does not wait for that.)
fn filezilla_queue_meets_a_limit_of_two() -> Result<(), Skip> {
    let mut config = anonymous(Preset::PureFtpd);
    config.spec.max_per_ip = Some(2);
    config.data.transfer_rate = Some(1 << 20);
    let server = TestServer::start(config);
    let dir = scratch("filezilla-2");
    let mut filezilla = filezilla_downloads_mirror(&server, &dir)?;
    filezilla
        .wait_for_log(FILEZILLA_QUEUE, |log| {
            log.matches("Response: 421 Too many connections (2) from this IP")
                .count()
                >= 2
                && successful_transfers(log) >= 1
        })
        .unwrap_or_else(|why| panic!("{why}"));
    let log = filezilla.log();
    drop(filezilla);
    assert!(log.contains("Error: Could not connect to server"), "{log}");
    assert!(
        log.contains("Delaying connection for 5 seconds"),
        "FileZilla waits 5 s before it tries again: {log}"
    );

    let diagnosis = diagnose(&log, Lang::En);
    assert_eq!(diagnosis.client, Some("filezilla"), "{diagnosis:?}");
    let refusal = diagnosis
        .findings
        .iter()
        .find(|f| f.code == Some(421))
        .unwrap_or_else(|| panic!("no 421 found in FileZilla's log: {diagnosis:?}"));
    assert_eq!(refusal.cause, Cause::PerAddressLimit, "{refusal:?}");
    assert_eq!(refusal.number, Some(2), "{refusal:?}");
    assert!(refusal.fix.contains("FileZilla"), "{refusal:?}");

    let summary = server.stop();
    assert!(
        summary
            .refused
            .get("too_many_from_address")
            .is_some_and(|&n| n >= 2),
        "{summary}"
    );
    std::fs::remove_dir_all(dir).unwrap();
    Ok(())
}

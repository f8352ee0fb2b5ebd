//! The invariants of a server session under arbitrary control bytes,
//! data-channel events and time, on stable Rust: the same model and checks
//! as the fuzz target `fuzz/fuzz_targets/session.rs` (see
//! `support/session_model.rs`), fed by proptest, and every committed fuzz
//! seed replayed.

#[path = "support/session_model.rs"]
mod session_model;

use std::time::Duration;

use proptest::prelude::*;
use session_model::{Model, Op, Setup, WORDS};

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => proptest::sample::select(WORDS).prop_map(|w| Op::Control(w.to_vec())),
        2 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(Op::Control),
        3 => proptest::option::weighted(0.9, 40_000u16..40_100).prop_map(Op::Listener),
        3 => (any::<bool>(), 50_000u16..50_100)
            .prop_map(|(stranger, port)| Op::Connected { stranger, port }),
        1 => Just(Op::ConnectFailed),
        2 => proptest::collection::vec(any::<u8>(), 0..200).prop_map(Op::DataBytes),
        2 => Just(Op::DataClosed),
        4 => (0u16..3000).prop_map(Op::Fill),
        3 => (0u64..20_000).prop_map(|ms| Op::Advance(Duration::from_millis(ms))),
        1 => Just(Op::PeerClosed),
        1 => Just(Op::Shutdown),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_script_keeps_every_invariant(
        setup in any::<[u8; 4]>(),
        ops in proptest::collection::vec(op(), 0..120),
    ) {
        Model::run_ops(&Setup::decode(&setup), &ops);
    }

    #[test]
    fn any_bytes_keep_every_invariant(bytes in proptest::collection::vec(any::<u8>(), 0..800)) {
        Model::run(&bytes);
    }
}

/// The fuzz target's seeds, replayed: each is a session a fuzzer started
/// from, so each must pass here too.
#[test]
fn every_fuzz_seed_keeps_every_invariant() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/session");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("the seeds directory") {
        let path = entry.unwrap().path();
        Model::run(&std::fs::read(&path).unwrap());
        seen += 1;
    }
    assert!(seen > 0, "no seed in {dir:?}");
}

/// The model reaches what it checks: a login, a passive listener, a
/// download pulled to its end and its 226, then a refused stranger.
#[test]
fn the_model_drives_a_whole_download() {
    let setup = Setup::decode(&[1, 0, 0, 0]);
    let mut model = Model::new(&setup);
    let ops = [
        Op::Control(b"USER bob\r\nPASS right\r\nTYPE I\r\nPASV\r\n".to_vec()),
        Op::Listener(Some(40_001)),
        Op::Connected {
            stranger: true,
            port: 50_001,
        },
        Op::Connected {
            stranger: false,
            port: 50_002,
        },
        Op::Control(b"RETR pub/1k.bin\r\n".to_vec()),
        Op::Fill(600),
        Op::Fill(600),
        Op::Fill(600),
    ];
    for op in &ops {
        model.apply(op);
    }
    assert!(!model.session.is_transferring(), "the download ended");
    // 220, 331, 230, 200, 227, 150, 226.
    assert!(model.sent > 200, "{} bytes of replies", model.sent);
}

//! What real FTP clients do to a server's connection limits, as data.
//!
//! Users rarely meet a server's global limit: they meet its per-address
//! limit (Pure-FTPd's `MaxClientsPerIP`, vsftpd's `max_per_ip`) with their
//! own client, which opens several connections to move files in parallel.
//! This table says, for each common client, how many connections it opens
//! to one server with its default settings and which setting changes that,
//! each figure with the place in the client's source or documentation it
//! was read from. Like the server presets, it is one table that every
//! consumer reads (the `ftpsim clients` command, the guides, the client
//! models of the simulator).

mod behaviour;

use alloc::string::String;

pub use behaviour::{Behaviour, Delays, Jitter, RefusalForm, RetryRule};

use crate::lang::{Lang, Text};

/// One FTP client and how many connections it opens to one server.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClientProfile {
    /// A stable lower-case name, e.g. `"filezilla"`.
    pub key: &'static str,
    /// The name people know it by.
    pub name: &'static str,
    /// The version whose defaults these are.
    pub version: &'static str,
    /// Connections that exist besides the parallel transfers (a browsing
    /// connection, say), counted against the same per-address limit.
    pub fixed_connections: u32,
    /// Transfers run at once with the default settings; each is a control
    /// connection of its own.
    pub default_parallel: u32,
    /// Where the default comes from: file and setting, or documentation.
    pub source: &'static str,
    /// The setting that changes the number of connections, as a user finds
    /// it, with `{n}` for the number of parallel transfers, `{total}` for
    /// the connections they make with the fixed ones, and `{cap}` for a
    /// setting that caps every connection to the server (the limit less
    /// the spare one).
    pub setting: Text,
    /// What else the user should know about its connections.
    pub note: Text,
    /// What it does after each form of refusal, one connection on its own.
    pub behaviour: Behaviour,
    /// What it does instead with a connection refused while another of the
    /// same job is in (lftp `mirror --parallel`, rclone's transfers,
    /// FileZilla's queue), where the job goes on over the connections it
    /// has; `None`: the same rules. A job with none in follows
    /// [`ClientProfile::behaviour`].
    pub parallel_behaviour: Option<Behaviour>,
    /// Where the retry rules come from: measured here, or the source.
    pub behaviour_source: &'static str,
}

impl ClientProfile {
    /// Connections to one server with the default settings.
    pub const fn default_connections(&self) -> u32 {
        self.fixed_connections + self.default_parallel
    }

    /// The parallel transfers to set so that this client alone keeps one
    /// connection below a per-address `limit`: the spare one is for a
    /// session the server still counts after a crash or a dropped network,
    /// until its idle timeout. Never more than the default (a default that
    /// fits needs no change); `None` when the limit leaves no room for a
    /// single transfer beside the client's fixed connections and the spare.
    pub const fn parallel_for_limit(&self, limit: u32) -> Option<u32> {
        let room = limit.saturating_sub(self.fixed_connections + 1);
        if room == 0 {
            None
        } else if room < self.default_parallel {
            Some(room)
        } else {
            // The defaults already fit: keep them.
            Some(self.default_parallel)
        }
    }

    /// The setting to change, in `lang`, for a per-address `limit`.
    pub fn advice(&self, limit: u32, lang: Lang) -> String {
        match self.parallel_for_limit(limit) {
            Some(n) => self.setting.fill(
                lang,
                &[
                    ("n", &n),
                    ("total", &(n + self.fixed_connections)),
                    ("cap", &(limit - 1)),
                ],
            ),
            None => TOO_LOW.fill(lang, &[("limit", &limit)]),
        }
    }
}

const TOO_LOW: Text = Text {
    en: "a limit of {limit} leaves no room for a transfer beside the connections this client always opens",
    fr: "une limite de {limit} ne laisse aucune place à un transfert à côté des connexions que ce client ouvre toujours",
};

/// Every client, in the order a page lists them.
pub static ALL: &[ClientProfile] = &[
    ClientProfile {
        key: "filezilla",
        name: "FileZilla",
        version: "3.63",
        fixed_connections: 1,
        default_parallel: 2,
        source: "src/interface/Options.cpp: OPTION_NUMTRANSFERS (\"Number of Transfers\"), default 2, range 1 to 10; the browsing connection is separate",
        setting: Text {
            en: "Edit > Settings > Transfers > Maximum simultaneous transfers: {n}; or, for one site, Site Manager > Transfer Settings > Limit number of simultaneous connections: {total}",
            fr: "Édition > Paramètres > Transferts > Nombre maximal de transferts simultanés : {n} ; ou, pour un seul site, Gestionnaire de sites > Paramètres de transfert > Limiter le nombre de connexions simultanées : {total}",
        },
        note: Text {
            en: "When connecting to browse, after a 421 it waits 5 s, retries once, then gives up (\"Waiting to retry...\"). A queued transfer instead tries again every 5 s until it gets in, and a transfer connection left idle keeps its slot for about a minute.",
            fr: "Pour parcourir le serveur, après un 421 il attend 5 s, réessaie une fois, puis abandonne (« Waiting to retry... »). Un transfert de la file d'attente, lui, réessaie toutes les 5 s jusqu'à obtenir une place, et une connexion de transfert restée inactive garde la sienne environ une minute.",
        },
        behaviour: Behaviour {
            on_transient: retry(Delays::Fixed { seconds: 5.0 }, Some(2)),
            on_permanent_at_connect: RetryRule::GIVE_UP,
            on_permanent_after_login: RetryRule::GIVE_UP,
            on_silent_close: retry(Delays::Fixed { seconds: 5.0 }, Some(2)),
        },
        // A transfer connection refused while another is in: its queue
        // tries again for as long as it takes (measured, below).
        parallel_behaviour: Some(Behaviour {
            on_transient: retry(Delays::Fixed { seconds: 5.0 }, None),
            on_permanent_at_connect: RetryRule::GIVE_UP,
            on_permanent_after_login: RetryRule::GIVE_UP,
            on_silent_close: retry(Delays::Fixed { seconds: 5.0 }, None),
        }),
        behaviour_source: "421: measured here (FileZilla 3.63 under Xvfb): \"Waiting to retry...\", one retry after 5 s, then \"Could not connect to server\"; the silent close is retried like it (a connection error); a 530 is a critical error, not retried (src/engine/ftpcontrolsocket.cpp). Its transfer queue, measured here against ftpsim serve (tests/data_clients.rs): a refused transfer connection logs \"Delaying connection for 5 seconds due to previously failed connection attempt...\" and tries again, 13 times in 65 s in one run, until the other transfer connection, idle since its last file, closed about 60 s later",
    },
    ClientProfile {
        key: "winscp",
        name: "WinSCP",
        version: "6.x",
        fixed_connections: 1,
        default_parallel: 2,
        source: "Preferences > Transfer > Background: 2 transfers at the same time by default (QueueTransfersLimit), each on its own connection beside the session's; not checked against WinSCP's source here",
        setting: Text {
            en: "Preferences > Transfer > Background > Maximal number of transfers at the same time: {n}",
            fr: "Préférences > Transfert > Arrière-plan > Nombre maximal de transferts simultanés : {n}",
        },
        note: Text {
            en: "Only transfers sent to the background queue open extra connections; a transfer in the foreground uses the session's.",
            fr: "Seuls les transferts placés dans la file d'arrière-plan ouvrent des connexions supplémentaires ; un transfert au premier plan utilise celle de la session.",
        },
        behaviour: Behaviour::uniform(RetryRule::GIVE_UP),
        parallel_behaviour: None,
        behaviour_source: "not measured here: WinSCP shows a refused connection to the user, who retries by hand; its automatic reconnection is for sessions that break after login",
    },
    ClientProfile {
        key: "lftp",
        name: "lftp",
        version: "4.9.2",
        fixed_connections: 0,
        default_parallel: 1,
        source: "src/resource.cc: mirror:parallel-transfer-count 1, pget:default-n 5, net:connection-limit 0 (no limit)",
        setting: Text {
            en: "set net:connection-limit {cap} (caps every job, mirror --parallel and pget -n included)",
            fr: "set net:connection-limit {cap} (plafonne toutes les tâches, mirror --parallel et pget -n compris)",
        },
        note: Text {
            en: "pget opens 5 connections for one file by default; lftp retries a refused connection by itself, silently, with growing delays.",
            fr: "pget ouvre 5 connexions pour un seul fichier par défaut ; lftp réessaie de lui-même une connexion refusée, sans rien afficher, avec des délais croissants.",
        },
        behaviour: Behaviour::uniform(retry(
            Delays::GrowingWholeSeconds {
                first: 15.0,
                factor: 1.5,
                max: 300.0,
            },
            Some(1000),
        )),
        parallel_behaviour: Some(Behaviour::uniform(retry(
            Delays::Fixed { seconds: 1.0 },
            None,
        ))),
        behaviour_source: "measured here (lftp 4.9.2): reconnects after 15, 22, 33 s, growing 1.5 times and cut to whole seconds (net:reconnect-interval-multiplier 1.5, net:reconnect-interval-max 300; with net:reconnect-interval-base 2: 2, 3, 4 s), until net:max-retries (1000); ftp:retry-530 matches ProFTPD's \"maximum number\" texts, so 530 is retried too; inside mirror and pget it reconnects almost at once (modelled as 1 s) and the job goes on over its other connections",
    },
    ClientProfile {
        key: "rclone",
        name: "rclone",
        version: "1.60",
        fixed_connections: 0,
        default_parallel: 12,
        source: "fs/config.go: --transfers 4 and --checkers 8; backend/ftp/ftp.go: --ftp-concurrency 0 (no limit)",
        setting: Text {
            en: "--ftp-concurrency {cap}, with --transfers plus --checkers below it (its documentation asks for one connection more than the two together, or a sync may stall)",
            fr: "--ftp-concurrency {cap}, avec --transfers et --checkers dont la somme reste en dessous (sa documentation demande une connexion de plus que les deux réunis, faute de quoi une synchronisation peut se bloquer)",
        },
        note: Text {
            en: "Its low-level retries absorb a few 421s during a copy; it reports the 421 only when every retry failed.",
            fr: "Ses nouvelles tentatives de bas niveau absorbent quelques 421 pendant une copie ; il ne signale le 421 que si toutes ont échoué.",
        },
        behaviour: Behaviour::uniform(retry(RCLONE_PACER, Some(10))),
        parallel_behaviour: Some(Behaviour::uniform(retry(RCLONE_PACER, None))),
        behaviour_source: "measured here (rclone 1.60): low-level retries after 10, 20, 40 … ms, doubling up to 2 s (its pacer), 10 tries in 4.55 s (--low-level-retries 10), then exit 1; inside a copy the transfer is retried and the job goes on over its other connections",
    },
    ClientProfile {
        key: "curl",
        name: "curl",
        version: "7.88",
        fixed_connections: 0,
        default_parallel: 1,
        source: "one transfer at a time unless --parallel is given; then --parallel-max, default 50 (docs/cmdline-opts/parallel-max.md)",
        setting: Text {
            en: "without --parallel, nothing; with it, add --parallel-max {cap}",
            fr: "sans --parallel, rien ; avec, ajoutez --parallel-max {cap}",
        },
        note: Text {
            en: "curl reports any 421 as a timeout: exit status 28.",
            fr: "curl présente tout 421 comme un dépassement de délai : code de sortie 28.",
        },
        behaviour: Behaviour::uniform(RetryRule::GIVE_UP),
        parallel_behaviour: None,
        behaviour_source: "measured here (curl 7.88.1): no retry by default; a 421 exits 28, a 530 exits 8, a silent close exits 56",
    },
    ClientProfile {
        key: "wget",
        name: "wget",
        version: "1.21",
        fixed_connections: 0,
        default_parallel: 1,
        source: "wget 1.x downloads one file at a time over one control connection; it has no option for parallel transfers",
        setting: Text {
            en: "nothing to lower: one connection; the others counted against you come from other programs or other people behind your address",
            fr: "rien à réduire : une seule connexion ; les autres qu'on vous compte viennent d'autres programmes ou d'autres personnes derrière votre adresse",
        },
        note: Text {
            en: "It retries by itself, up to 20 tries (--tries), without showing the 421's text.",
            fr: "Il réessaie de lui-même, jusqu'à 20 fois (--tries), sans afficher le texte du 421.",
        },
        behaviour: Behaviour {
            on_transient: retry(
                Delays::Linear {
                    first: 1.0,
                    step: 1.0,
                    max: 10.0,
                },
                Some(20),
            ),
            on_permanent_at_connect: retry(
                Delays::Linear {
                    first: 1.0,
                    step: 1.0,
                    max: 10.0,
                },
                Some(20),
            ),
            on_permanent_after_login: RetryRule::GIVE_UP,
            on_silent_close: retry(
                Delays::Linear {
                    first: 1.0,
                    step: 1.0,
                    max: 10.0,
                },
                Some(20),
            ),
        },
        parallel_behaviour: None,
        behaviour_source: "measured here (wget 1.21.3): waits 1, 2, 3 s… (--waitretry 10 caps it), 20 tries (--tries); a reply other than 220 at connect is a server error it retries, a refused login (530 after PASS) is fatal (src/ftp.c ftp_loop_internal)",
    },
    ClientProfile {
        key: "ncftp",
        name: "NcFTP",
        version: "3.2.6",
        fixed_connections: 0,
        default_parallel: 1,
        source: "ncftp and ncftpget move one file at a time over one control connection",
        setting: Text {
            en: "nothing to lower: one connection at a time",
            fr: "rien à réduire : une connexion à la fois",
        },
        note: Text {
            en: "A refused connection shows only \"Server hungup immediately after connect\"; the 421's text appears with -d.",
            fr: "Une connexion refusée n'affiche que « Server hungup immediately after connect » ; le texte du 421 n'apparaît qu'avec -d.",
        },
        behaviour: Behaviour::uniform(retry(Delays::Fixed { seconds: 20.0 }, Some(3))),
        parallel_behaviour: None,
        behaviour_source: "measured here (ncftp 3.2.6): every 20 s, 3 attempts in all; other refusal forms are taken to end the same way (not measured)",
    },
    ClientProfile {
        key: "tnftp",
        name: "tnftp (BSD ftp)",
        version: "20230507",
        fixed_connections: 0,
        default_parallel: 1,
        source: "the interactive BSD ftp client keeps one control connection",
        setting: Text {
            en: "nothing to lower: one connection",
            fr: "rien à réduire : une seule connexion",
        },
        note: Text {
            en: "It prints the 421, then \"Not connected.\" for every later command; it never retries by itself.",
            fr: "Il affiche le 421, puis « Not connected. » à chaque commande suivante ; il ne réessaie jamais de lui-même.",
        },
        behaviour: Behaviour::uniform(RetryRule::GIVE_UP),
        parallel_behaviour: None,
        behaviour_source: "measured here (tnftp): no retry; exit status 0 in interactive use, 1 in fetch mode",
    },
    ClientProfile {
        key: "ftplib",
        name: "Python ftplib",
        version: "3.11",
        fixed_connections: 0,
        default_parallel: 1,
        source: "one FTP object is one control connection; a program that wants parallel transfers opens several",
        setting: Text {
            en: "open at most {cap} FTP objects to this server at once in your program",
            fr: "n'ouvrez pas plus de {cap} objets FTP à la fois vers ce serveur dans votre programme",
        },
        note: Text {
            en: "connect() raises ftplib.error_temp for a 421, error_perm for a 530 and EOFError for a silent close; retrying is up to the program.",
            fr: "connect() lève ftplib.error_temp pour un 421, error_perm pour un 530 et EOFError pour une fermeture silencieuse ; réessayer est l'affaire du programme.",
        },
        behaviour: Behaviour::uniform(RetryRule::GIVE_UP),
        parallel_behaviour: None,
        behaviour_source: "measured here (Python 3.11): the exception reaches the program, which does not retry unless written to",
    },
];

/// rclone's pacer between low-level retries.
const RCLONE_PACER: Delays = Delays::Growing {
    first: 0.01,
    factor: 2.0,
    max: 2.0,
};

/// A rule with no jitter: the clients measured here wait exactly.
const fn retry(delays: Delays, max_attempts: Option<u32>) -> RetryRule {
    RetryRule {
        delays,
        jitter: Jitter::None,
        max_attempts,
    }
}

/// The profile named `key` (case-insensitive).
pub fn find(key: &str) -> Option<&'static ClientProfile> {
    ALL.iter().find(|c| c.key.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_has_a_source_and_texts_in_every_language() {
        let mut keys = alloc::vec::Vec::new();
        for c in ALL {
            assert!(!keys.contains(&c.key), "{} twice", c.key);
            keys.push(c.key);
            assert!(c.default_connections() >= 1, "{}", c.key);
            assert!(c.source.len() > 20, "{}", c.key);
            for lang in Lang::ALL {
                let advice = c.advice(8, lang);
                assert!(!advice.contains('{'), "{}: {advice}", c.key);
                assert!(!c.note.of(lang).is_empty(), "{}", c.key);
            }
            assert_ne!(c.setting.en, c.setting.fr, "{}", c.key);
        }
    }

    #[test]
    fn advice_keeps_one_connection_spare_under_the_limit() {
        let filezilla = find("FileZilla").unwrap();
        assert_eq!(filezilla.default_connections(), 3);
        // 8 allowed: the default 1 browsing + 2 transfers fits.
        assert_eq!(filezilla.parallel_for_limit(8), Some(2));
        // 3 allowed: 1 browsing + 1 transfer = 2, one spare.
        assert_eq!(filezilla.parallel_for_limit(3), Some(1));
        assert!(filezilla.advice(3, Lang::En).contains("transfers: 1"));
        assert!(filezilla.advice(3, Lang::En).contains("connections: 2"));
        assert_eq!(filezilla.parallel_for_limit(2), None);
        assert!(filezilla.advice(2, Lang::Fr).contains("limite de 2"));
        let curl = find("curl").unwrap();
        assert_eq!(curl.parallel_for_limit(2), Some(1));
        assert_eq!(
            curl.parallel_for_limit(50),
            Some(1),
            "a default that fits stays"
        );
        assert_eq!(find("rclone").unwrap().parallel_for_limit(8), Some(7));
        assert!(
            find("lftp")
                .unwrap()
                .advice(8, Lang::En)
                .contains("connection-limit 7")
        );
    }
}

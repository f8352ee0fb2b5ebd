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

use alloc::string::String;

use crate::lang::{Lang, Text};

/// One FTP client and how many connections it opens to one server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
            en: "After a 421 it waits 5 s, retries once, then gives up (\"Waiting to retry...\").",
            fr: "Après un 421, il attend 5 s, réessaie une fois, puis abandonne (« Waiting to retry... »).",
        },
    },
    ClientProfile {
        key: "winscp",
        name: "WinSCP",
        version: "6.x",
        fixed_connections: 1,
        default_parallel: 2,
        source: "source/windows/GUIConfiguration.cpp: QueueTransfersLimit, default 2 background transfers, each on its own connection beside the session's",
        setting: Text {
            en: "Preferences > Transfer > Background > Maximal number of transfers at the same time: {n}",
            fr: "Préférences > Transfert > Arrière-plan > Nombre maximal de transferts simultanés : {n}",
        },
        note: Text {
            en: "Only transfers sent to the background queue open extra connections; a transfer in the foreground uses the session's.",
            fr: "Seuls les transferts placés dans la file d'arrière-plan ouvrent des connexions supplémentaires ; un transfert au premier plan utilise celle de la session.",
        },
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
    },
];

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

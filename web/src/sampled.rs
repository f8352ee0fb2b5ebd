//! How a sampled connection ended, in the page's language: the kinds the
//! core samples transcripts among ([`SampledSession::kind`]).

use ftpsim::Lang;
use ftpsim::sim::report::SampledSession;

/// A short label for `transcript`'s outcome and how it ended.
pub fn ending(transcript: &SampledSession, lang: Lang) -> &'static str {
    ending_of(transcript.kind, transcript.outcome == "greeted", lang)
}

fn ending_of(kind: &str, greeted: bool, lang: Lang) -> &'static str {
    let en = lang == Lang::En;
    match kind {
        "quit" => {
            if en {
                "greeted, ended by QUIT"
            } else {
                "accueillie, finie par QUIT"
            }
        }
        "idle_timeout" => {
            if en {
                "greeted, ended by the idle timeout"
            } else {
                "accueillie, close pour inactivité"
            }
        }
        "shutdown" => {
            if en {
                "greeted, ended by the shutdown"
            } else {
                "accueillie, close par l'arrêt"
            }
        }
        "open" => {
            if en {
                "greeted, still open"
            } else {
                "accueillie, encore ouverte"
            }
        }
        "too_many_clients" => {
            if en {
                "refused: server full"
            } else {
                "refusée : serveur plein"
            }
        }
        "too_many_from_address" => {
            if en {
                "refused: too many from its address"
            } else {
                "refusée : trop depuis son adresse"
            }
        }
        "rate_limited" => {
            if en {
                "refused: connecting too fast"
            } else {
                "refusée : connexions trop rapides"
            }
        }
        "shutting_down" => {
            if en {
                "refused: shutting down"
            } else {
                "refusée : arrêt en cours"
            }
        }
        "too_many_logged_in" => {
            if en {
                "refused at login: too many logged in"
            } else {
                "refusée à la connexion : trop d'utilisateurs"
            }
        }
        "too_many_for_user" => {
            if en {
                "refused at login: too many for this user"
            } else {
                "refusée à la connexion : trop pour cet utilisateur"
            }
        }
        _ if greeted => {
            if en {
                "greeted"
            } else {
                "accueillie"
            }
        }
        _ => {
            if en {
                "refused"
            } else {
                "refusée"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use ftpsim::admission::RefusalReason;
    use ftpsim::sim::Simulation;

    use super::*;
    use crate::sim_params::Ready;

    #[test]
    fn every_kind_the_core_samples_has_words() {
        let mut seen = Vec::new();
        for ready in Ready::ALL {
            let report = Simulation::run(&ready.params().scenario()).unwrap();
            for t in &report.transcripts {
                for lang in [Lang::En, Lang::Fr] {
                    let label = ending(t, lang);
                    assert_ne!(
                        label,
                        if lang == Lang::En {
                            "refused"
                        } else {
                            "refusée"
                        },
                        "{}",
                        t.kind
                    );
                    assert_ne!(
                        label,
                        if lang == Lang::En {
                            "greeted"
                        } else {
                            "accueillie"
                        },
                        "{}",
                        t.kind
                    );
                }
                seen.push(t.kind);
            }
        }
        assert!(seen.contains(&"shutdown"), "{seen:?}");
        // Every refusal reason, even those no ready scenario shows.
        for reason in RefusalReason::ALL {
            let label = ending_of(reason.key(), false, Lang::Fr);
            assert!(label.starts_with("refusée "), "{}", reason.key());
        }
    }
}

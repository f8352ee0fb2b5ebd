//! What a run found: 220 and refusal counters, blocking beside Erlang B,
//! the chart, and the sampled sessions with their transcripts.

use std::rc::Rc;

use ftpsim::Lang;
use ftpsim::sim::Report;
use yew::prelude::*;

use crate::chart::connected_at;
use crate::components::timeline_chart::TimelineChart;
use crate::components::transcript_view::TranscriptView;
use crate::format::{clock, count, decimal, percent};
use crate::i18n::ui;
use crate::route::{Route, View};

#[derive(Properties, PartialEq, Debug)]
pub struct SimResultsProps {
    pub report: Rc<Report>,
    pub limit: Option<u32>,
    pub shutdown: Option<(f64, f64)>,
    pub selected: Option<u64>,
    pub elapsed_ms: f64,
    /// The form was edited since this run: the numbers are of the
    /// scenario before.
    #[prop_or_default]
    pub stale: bool,
    /// A new run is under way: these are the last run's numbers.
    #[prop_or_default]
    pub busy: bool,
    /// The run before this one, drawn faintly behind it.
    #[prop_or_default]
    pub ghost: Option<Rc<Report>>,
    pub lang: Lang,
    pub on_select: Callback<Option<u64>>,
}

#[component]
pub fn SimResults(props: &SimResultsProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let r = &props.report;
    // Admitted clients are greeted with 220 (after a 120 during warm-up).
    let greeted_code = "220";
    let selected = props
        .selected
        .and_then(|attempt| r.transcripts.iter().find(|t| t.attempt == attempt));
    let on_dot = props.on_select.reform(Some);
    let code_link = |code: &str| -> Html {
        match code.parse::<ftpsim::ReplyCode>() {
            Ok(c) => html! { <a href={Route::new(View::Code(c), lang).href()}>{ code }</a> },
            Err(_) => html! { { text.silent_close } },
        }
    };

    let users = &r.users;
    let interval = r.blocking_confidence_interval.as_ref().map(|ci| {
        if ci.high == 0.0 {
            text.none_refused.to_string()
        } else {
            let (low, high) = (percent(ci.low, lang), percent(ci.high, lang));
            match lang {
                Lang::En => format!(
                    "{} {}: {low} – {high}",
                    level(ci.level, lang),
                    text.interval
                ),
                Lang::Fr => format!(
                    "{} {}\u{a0}: {low} – {high}",
                    text.interval,
                    level(ci.level, lang)
                ),
            }
        }
    });
    let prediction = match (r.erlang_b, r.erlang_b_servers, r.engset, r.engset_sources) {
        (Some(b), Some(servers), _, _) => Some((
            text.erlang_b,
            b,
            format!(
                "B({} E, {servers})",
                decimal(r.offered_load.unwrap_or(0.0), 1, lang)
            ),
        )),
        (None, _, Some(e), Some(sources)) => {
            Some((text.engset, e, format!("{} {sources}", text.engset_sources)))
        }
        _ => None,
    };

    html! {
        <section class={classes!("results", props.stale.then_some("stale"))} aria-labelledby="results-heading"
                 aria-live="polite" id="results" aria-busy={props.busy.then_some("true")}
                 data-scenario={r.scenario.clone().unwrap_or_default()}>
            <h2 id="results-heading">{ text.results }</h2>
            if props.stale {
                <p class="stale-note" id="stale-note">{ text.stale_results }</p>
            }
            <div class="headline" id="headline">
                <p class="headline-users">
                    <output id="users-served" data-value={users.users_completed.to_string()}>{ count(users.users_completed, lang) }</output>
                    { format!(" {} · ", text.users_served) }
                    <output id="users-failed" data-value={users.users_failed.to_string()}>{ count(users.users_failed, lang) }</output>
                    { format!(" {} ", text.users_failed) }
                    <span class="hint">{ format!("({} {})", count(users.users, lang), text.users_in_all) }</span>
                </p>
                <p class="headline-first">
                    { text.first_attempt_refused }{ " " }
                    <output id="first-attempt" data-value={users.first_attempt_blocking.map(|p| p.to_string()).unwrap_or_default()}>
                        { users.first_attempt_blocking.map_or_else(|| "—".to_string(), |p| percent(p, lang)) }
                    </output>
                </p>
            </div>
            <div class="counters">
                <div class="counter ok">
                    <span class="counter-label">{ code_link(greeted_code) }{ " " }{ text.greeted }</span>
                    <output id="count-greeted" data-value={r.greeted.to_string()}>{ count(r.greeted, lang) }</output>
                </div>
                { for r.refused_by_code.iter().map(|c| html! {
                    <div class="counter bad">
                        <span class="counter-label">
                            { code_link(&c.code) }{ " " }{ if c.code == "silent_close" { "" } else { text.refused } }
                        </span>
                        <output id={format!("count-refused-{}", c.code)} data-value={c.count.to_string()}>
                            { count(c.count, lang) }
                        </output>
                    </div>
                }) }
                if r.refused_by_code.is_empty() {
                    <div class="counter bad">
                        <span class="counter-label">{ code_link("421") }{ " " }{ text.refused }</span>
                        <output id="count-refused-421" data-value="0">{ "0" }</output>
                    </div>
                }
                <div class="counter">
                    <span class="counter-label">{ text.blocking }</span>
                    <output id="blocking" data-value={r.blocking_probability.to_string()}>
                        { percent(r.blocking_probability, lang) }
                    </output>
                    if let Some(interval) = interval {
                        <span class="hint" id="blocking-interval">{ interval }</span>
                    }
                    <span class="hint">{ text.blocking_counts_retries }</span>
                </div>
                <div class="counter">
                    if let Some((label, value, detail)) = prediction {
                        <span class="counter-label">{ label }</span>
                        <output id="erlang-b" data-value={value.to_string()}>{ percent(value, lang) }</output>
                        <span class="hint">{ detail }</span>
                    } else {
                        <span class="counter-label">{ text.erlang_b }</span>
                        <output id="erlang-b" data-value="">{ "—" }</output>
                    }
                </div>
            </div>
            if let (Some(reason), None) = (r.erlang_b_not_applicable, r.engset) {
                <p class="hint" id="erlang-b-why" data-key={reason.key()}>
                    { text.erlang_b_does_not_apply }{ reason.describe(lang) }{ ". " }
                    { text.erlang_b_not_applicable }
                </p>
            }
            <dl class="facts">
                <div><dt>{ text.attempts }</dt><dd id="attempts" data-value={r.attempts.to_string()}>{ count(r.attempts, lang) }</dd></div>
                <div><dt>{ text.clients_served }</dt><dd>{ format!("{} / {}", count(r.clients.served, lang), count(r.clients.clients, lang)) }</dd></div>
                <div><dt>{ text.gave_up }</dt><dd>{ count(r.clients.gave_up, lang) }</dd></div>
                <div><dt>{ text.peak }</dt><dd id="peak" data-value={r.peak_concurrency.to_string()}>{ count(u64::from(r.peak_concurrency), lang) }</dd></div>
                <div><dt>{ text.mean_concurrency }</dt><dd>{ decimal(r.mean_concurrency, 1, lang) }</dd></div>
                if r.ended_by_shutdown > 0 {
                    <div><dt>{ text.ended_by_shutdown }</dt><dd>{ count(r.ended_by_shutdown, lang) }</dd></div>
                }
                <div><dt>{ text.run_time }</dt>
                    <dd id="run-time" data-value={props.elapsed_ms.to_string()}>{ format!("{} {} · {} ms", count(r.events, lang), text.events, decimal(props.elapsed_ms, 0, lang)) }</dd></div>
            </dl>
            <TimelineChart report={props.report.clone()} ghost={props.ghost.clone()} limit={props.limit} shutdown={props.shutdown}
                           selected={props.selected} {lang} on_select={on_dot} />
            <h3>{ text.sampled_sessions }</h3>
            <p class="hint">{ text.sampled_hint }</p>
            <ul class="sessions">
                { for r.transcripts.iter().map(|t| {
                    let attempt = t.attempt;
                    let current = props.selected == Some(attempt);
                    let onclick = props.on_select.reform(move |_: MouseEvent| {
                        if current { None } else { Some(attempt) }
                    });
                    let greeted = t.outcome == "greeted";
                    html! {
                        <li key={attempt}>
                            <button type="button" class={classes!("session-button", if greeted { "greeted" } else { "refused" })}
                                    aria-pressed={current.to_string()} data-attempt={attempt.to_string()} data-kind={t.kind} {onclick}>
                                { format!("#{attempt} · {} · {} · {}", clock(connected_at(t)), t.client_ip,
                                    crate::sampled::ending(t, lang)) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if let Some(transcript) = selected {
                <TranscriptView transcript={transcript.clone()} {lang} />
            }
        </section>
    }
}

/// A confidence level, `95%` / `95 %`.
fn level(level: f64, lang: Lang) -> String {
    let value = decimal(level * 100.0, 0, lang);
    match lang {
        Lang::En => format!("{value}%"),
        Lang::Fr => format!("à {value}\u{a0}%"),
    }
}

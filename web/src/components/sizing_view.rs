//! Sizing: refusals against the limit on clients at once or against the
//! load at one limit, Erlang B's curve (Engset's for a closed population of
//! users) with simulated points on it, and the answer: the smallest limit
//! for a target, or the most load a limit takes.

use ftpsim::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::run_progress::RunProgress;
use crate::format::{decimal, percent};
use crate::hooks::use_simulations::{RunState, use_simulations};
use crate::i18n::ui;
use crate::route::{Route, View};
use crate::sizing::{self, Axis, HEIGHT, SizingParams, Theory, WIDTH};

#[derive(Properties, PartialEq, Debug)]
pub struct SizingViewProps {
    pub params: SizingParams,
    pub lang: Lang,
    /// Every edit that reads applies at once: the view is cheap.
    pub on_edit: Callback<SizingParams>,
}

/// The view's own words (the rest are the playground's labels).
struct Words {
    against: &'static str,
    against_limit: &'static str,
    against_load: &'static str,
    users: &'static str,
    users_hint: &'static str,
    think: &'static str,
    limit: &'static str,
    users_axis: &'static str,
    engset_legend: &'static str,
    population: &'static str,
    most_load: &'static str,
    most_users: &'static str,
    none_fits: &'static str,
    chart_title_load: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            against: "Refusals against",
            against_limit: "the limit",
            against_load: "the load",
            users: "Users",
            users_hint: "A closed population (Engset); empty: clients arrive at random (Erlang B).",
            think: "Time between two sessions of a user",
            limit: "Limit on clients at once",
            users_axis: "Users",
            engset_legend: "Engset",
            population: "users, each idle between sessions for",
            most_load: "refusals stay at or under the target up to",
            most_users: "users",
            none_fits: "no load keeps refusals that low.",
            chart_title_load: "Refused connections against the load, at one limit",
        },
        Lang::Fr => Words {
            against: "Refus en fonction de",
            against_limit: "la limite",
            against_load: "la charge",
            users: "Utilisateurs",
            users_hint: "Une population fermée (Engset) ; vide : les clients arrivent au hasard (Erlang B).",
            think: "Temps entre deux sessions d'un utilisateur",
            limit: "Limite de clients simultanés",
            users_axis: "Utilisateurs",
            engset_legend: "Engset",
            population: "utilisateurs, chacun inactif entre deux sessions pendant",
            most_load: "les refus restent sous la cible jusqu'à",
            most_users: "utilisateurs",
            none_fits: "aucune charge ne garde les refus aussi bas.",
            chart_title_load: "Connexions refusées selon la charge, à une limite donnée",
        },
    }
}

#[component]
pub fn SizingView(props: &SizingViewProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let own = words(lang);
    let params = &props.params;
    let scenarios = use_memo(params.clone(), |p| p.scenarios());
    let runs = use_simulations((*scenarios).clone());
    let xs = params.simulated_xs();
    let done: Vec<(f64, &ftpsim::sim::Report)> = xs
        .iter()
        .zip(runs.states.iter())
        .filter_map(|(&x, run)| match run {
            RunState::Done { report, .. } => Some((x, &**report)),
            _ => None,
        })
        .collect();
    let chart = sizing::layout(params, &done, lang);
    let running = runs.states.iter().find_map(|run| match run {
        RunState::Running { progress, events } => Some((*progress, *events)),
        _ => None,
    });
    let field = |key: &'static str, label: &'static str, unit: &'static str, value: String| {
        let (on_edit, current) = (props.on_edit.clone(), params.clone());
        let edit = {
            let current = current.clone();
            move |text: String| {
                let mut pairs = current.to_pairs();
                match pairs.iter_mut().find(|(k, _)| *k == key) {
                    Some(entry) => entry.1 = text,
                    None => pairs.push((key, text)),
                }
                // A population keeps its think time when it changes size
                // (an empty field is an open stream again).
                if key == "users" && pairs.iter().all(|(k, _)| *k != "think") {
                    pairs.push(("think", current.think.to_string()));
                }
                SizingParams::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
            }
        };
        let oninput = Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let next = edit(input.value());
            if next != current {
                on_edit.emit(next);
            }
        });
        let id = format!("sizing-{key}");
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }</label>
                <span class="with-unit">
                    <input id={id} type="text" inputmode="decimal" autocomplete="off"
                           {value} {oninput} />
                    <span class="unit">{ unit }</span>
                </span>
            </div>
        }
    };
    let axis_choice = |axis: Axis, id: &'static str, label: &'static str| {
        let next = SizingParams {
            axis,
            ..params.clone()
        };
        let on_edit = props.on_edit.clone();
        let onchange = Callback::from(move |_: Event| on_edit.emit(next.clone()));
        html! {
            <label class="choice" for={id}>
                <input type="radio" name="sizing-axis" {id} checked={params.axis == axis} {onchange} />
                { label }
            </label>
        }
    };
    let fmt = |v: f64| format!("{v:.1}");
    let theory_name = match params.theory() {
        Theory::ErlangB { .. } => text.legend_erlang_b,
        Theory::Engset { .. } => own.engset_legend,
    };
    let load_summary = match params.users {
        None => format!(
            "{} {} E. ",
            text.offered_load,
            decimal(params.erlangs(), 1, lang)
        ),
        Some(users) => format!(
            "{users} {} {} s. ",
            own.population,
            decimal(params.think, 0, lang)
        ),
    };
    let answer = params.answer();
    let answer_text = match (params.axis, answer) {
        (Axis::Limit, Some(c)) => {
            let c = c as u32;
            html! {
                <>
                    { text.smallest_limit }{ " " }<strong>{ c }</strong>
                    { format!(" ({theory_name} {}). ", percent(params.refused_at(c).unwrap_or(0.0), lang)) }
                    <a id="sizing-simulate" href={Route::new(View::Simulator { params: params.params_at(c), session: None }, lang).href()}>
                        { text.open_in_simulator }
                    </a>
                </>
            }
        }
        (Axis::Load, Some(most)) => {
            let shown = match params.users {
                Some(_) => format!("{most:.0} {}", own.most_users),
                None => format!(
                    "{} {} ({} E)",
                    decimal(most, 2, lang),
                    // ASCII only: Unicode's case table is 16 KB of download.
                    text.arrivals_per_minute.to_ascii_lowercase(),
                    decimal(most / 60.0 * params.session, 1, lang)
                ),
            };
            html! {
                <>
                    { format!("{} = {}: {} ", text.max_clients, params.limit, own.most_load) }
                    <strong>{ shown }</strong>{ ". " }
                    <a id="sizing-simulate" href={Route::new(View::Simulator { params: params.at_load(most).params_at(params.limit), session: None }, lang).href()}>
                        { text.open_in_simulator }
                    </a>
                </>
            }
        }
        (_, None) => html! { { own.none_fits } },
    };
    let x_label = match (params.axis, params.users) {
        (Axis::Limit, _) => text.max_clients,
        (Axis::Load, None) => text.arrivals_per_minute,
        (Axis::Load, Some(_)) => own.users_axis,
    };
    let title = match params.axis {
        Axis::Limit => text.sizing_chart_title,
        Axis::Load => own.chart_title_load,
    };
    let axis_key = match params.axis {
        Axis::Limit => "limit",
        Axis::Load => "load",
    };
    let theory_key = match params.theory() {
        Theory::ErlangB { .. } => "erlang_b",
        Theory::Engset { .. } => "engset",
    };

    html! {
        <section class="sizing" aria-labelledby="sizing-heading">
            <h1 id="sizing-heading">{ text.sizing_heading }</h1>
            <p class="intro">{ text.sizing_intro }</p>
            <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <fieldset class="newline">
                    <legend>{ own.against }</legend>
                    { axis_choice(Axis::Limit, "sizing-x-limit", own.against_limit) }
                    { axis_choice(Axis::Load, "sizing-x-load", own.against_load) }
                </fieldset>
                if params.users.is_none() {
                    { field("load", text.arrivals_per_minute, "/min", decimal_text(params.load, lang)) }
                }
                { field("session", text.session_mean, "s", decimal_text(params.session, lang)) }
                { field("users", own.users, "", params.users.map(|u| u.to_string()).unwrap_or_default()) }
                if params.users.is_some() {
                    { field("think", own.think, "s", decimal_text(params.think, lang)) }
                }
                if params.axis == Axis::Load {
                    { field("limit", own.limit, "", params.limit.to_string()) }
                }
                { field("target", text.sizing_target, "%", decimal_text(params.target, lang)) }
            </form>
            <p class="hint">{ own.users_hint }</p>
            <p class="sizing-answer" id="sizing-answer" data-value={answer.map(|a| a.to_string()).unwrap_or_default()}>
                { load_summary }{ answer_text }
            </p>
            <figure class="chart">
                <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-labelledby="sizing-title sizing-desc" id="sizing-chart"
                     data-axis={axis_key} data-theory={theory_key}>
                    <title id="sizing-title">{ title }</title>
                    <desc id="sizing-desc">{ text.sizing_chart_description }</desc>
                    { for chart.y_ticks.iter().map(|(y, label)| html! {
                        <g class="tick">
                            <line x1="70" x2={fmt(WIDTH - 16.0)} y1={fmt(*y)} y2={fmt(*y)} />
                            <text x="64" y={fmt(y + 4.0)} text-anchor="end">{ label }</text>
                        </g>
                    }) }
                    <line class="target" x1="70" x2={fmt(WIDTH - 16.0)} y1={fmt(chart.target_y)} y2={fmt(chart.target_y)} />
                    if let Some(x) = chart.answer_x {
                        <line class="answer" x1={fmt(x)} x2={fmt(x)} y1="14" y2="270" />
                    }
                    <polyline class="mean" points={chart.curve.clone()} />
                    { for chart.points.iter().map(|p| {
                        let scenario = crate::api::scenario_json(&params.params_at_x(p.at).scenario());
                        html! {
                            <g class="sim-point" data-at={p.at.to_string()} data-value={p.blocking.to_string()}
                               data-scenario={scenario}>
                                if let Some((high, low)) = p.interval {
                                    <line x1={fmt(p.x)} x2={fmt(p.x)} y1={fmt(high)} y2={fmt(low)} />
                                }
                                <circle cx={fmt(p.x)} cy={fmt(p.y)} r="5" />
                            </g>
                        }
                    }) }
                    { for chart.x_ticks.iter().map(|(x, label)| html! {
                        <text class="x-label" x={fmt(*x)} y="292" text-anchor="middle">{ label }</text>
                    }) }
                    <text class="x-label" x={fmt(WIDTH - 16.0)} y="312" text-anchor="end">{ x_label }</text>
                </svg>
                <figcaption class="legend">
                    <span class="key mean-key">{ theory_name }</span>
                    <span class="key greeted-key">{ text.legend_simulated }</span>
                    <span class="key limit-key">{ text.sizing_target }</span>
                </figcaption>
            </figure>
            if let Some((progress, events)) = running {
                <RunProgress {progress} {events} {lang} />
            }
        </section>
    }
}

/// A number as the language writes it in a field.
fn decimal_text(value: f64, lang: Lang) -> String {
    let text = value.to_string();
    match lang {
        Lang::En => text,
        Lang::Fr => text.replace('.', ","),
    }
}

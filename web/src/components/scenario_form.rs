//! The scenario form. It edits a draft; Run applies it (to the URL, which
//! starts the run), so that half-typed numbers never start a simulation.

use ftpsim::Lang;
use ftpsim::admission::Preset;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use ftpsim::clients;
use ftpsim::sim::scenario::CUSTOM_PROFILE;

use crate::format::count;
use crate::i18n::{Ui, preset_default, ui};
use crate::sim_params::{self, FieldError, Retry, Shape, SimParams};

#[derive(Properties, PartialEq, Debug)]
pub struct ScenarioFormProps {
    pub params: SimParams,
    pub lang: Lang,
    /// The server preset is a field of the simulator, not of the
    /// comparison of servers.
    pub show_preset: bool,
    /// Changes when a ready scenario is picked: the draft is replaced even
    /// if the fields it brings are the ones already applied.
    #[prop_or_default]
    pub reset: u32,
    pub on_apply: Callback<SimParams>,
    /// A small scenario edited into a valid one, debounced: applied at once
    /// without the Run button (the URL entry is replaced, not pushed).
    #[prop_or_default]
    pub on_live: Option<Callback<SimParams>>,
    /// Whether the draft differs from what ran.
    #[prop_or_default]
    pub on_dirty: Callback<bool>,
}

type Draft = Vec<(&'static str, String)>;

/// Most connection attempts a scenario may make to be re-run as it is
/// edited; above, it waits for Run.
pub const INSTANT_ATTEMPTS: f64 = 20_000.0;
/// Above this many attempts the form warns that the run will take a while.
pub const BIG_RUN_ATTEMPTS: f64 = 5_000_000.0;
/// Quiet time after the last keystroke before a live re-run, ms.
const LIVE_DELAY_MS: u32 = 300;

#[component]
pub fn ScenarioForm(props: &ScenarioFormProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let draft = use_state_eq(|| props.params.to_pairs());
    let errors = use_state_eq(Vec::<FieldError>::new);
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    {
        // Applied, picked or loaded from a link: the form shows what runs,
        // and drops what was typed before, errors included.
        let (draft, errors, on_dirty, pending) = (
            draft.clone(),
            errors.clone(),
            props.on_dirty.clone(),
            pending.clone(),
        );
        use_effect_with((props.params.clone(), props.reset), move |(params, _)| {
            pending.borrow_mut().take();
            draft.set(params.to_pairs());
            errors.set(Vec::new());
            on_dirty.emit(false);
        });
    }
    let value = |key: &str| -> String {
        draft
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let read = |draft: &Draft| SimParams::from_pairs(draft.iter().map(|(k, v)| (*k, v.as_str())));
    let set = {
        let (draft, on_dirty, applied) =
            (draft.clone(), props.on_dirty.clone(), props.params.clone());
        let applied_text = applied.to_pairs();
        let (on_live, pending) = (props.on_live.clone(), pending.clone());
        Callback::from(move |(key, new): (&'static str, String)| {
            let mut next: Draft = (*draft).clone();
            if let Some(entry) = next.iter_mut().find(|(k, _)| *k == key) {
                entry.1 = new;
            }
            let (params, problems) = read(&next);
            let changed = params != applied;
            // Text that does not read yet is an edit too.
            on_dirty.emit(changed || next != applied_text);
            pending.borrow_mut().take();
            if let Some(on_live) = on_live.clone()
                && changed
                && problems.is_empty()
                && params.expected_attempts() <= INSTANT_ATTEMPTS
            {
                let timer = gloo::timers::callback::Timeout::new(LIVE_DELAY_MS, move || {
                    on_live.emit(params)
                });
                *pending.borrow_mut() = Some(timer);
            }
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, errors, on_apply) = (draft.clone(), errors.clone(), props.on_apply.clone());
        let pending = pending.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            pending.borrow_mut().take();
            let (params, problems) = read(&draft);
            if problems.is_empty() {
                errors.set(Vec::new());
                on_apply.emit(params);
            } else {
                errors.set(problems);
            }
        })
    };
    let error_for = |key: &str| {
        errors
            .iter()
            .find(|e| e.key == key)
            .map(|e| e.problem.message(lang))
    };
    let on = |key: &str| !value(key).trim().is_empty();
    let custom = value("client") == CUSTOM_PROFILE || value("client").is_empty();
    let population = on("users");
    let transfers = on("files");
    let rush = on("peak") && !population;
    // Empty fields show what they stand for; the defaults are the form's.
    let base = SimParams::default();
    let field = |key: &'static str, label: &str, unit: &str, hint: Option<&str>| {
        let words = Words {
            label,
            unit,
            hint,
            placeholder: None,
            off: false,
        };
        number_field(key, words, value(key), error_for(key), set.clone())
    };
    // A field this scenario does not use is shown switched off: disabled,
    // empty, with what turns it on.
    let maybe = |key: &'static str,
                 label: &str,
                 unit: &str,
                 used: bool,
                 default: String,
                 off_hint: &'static str| {
        let words = Words {
            label,
            unit,
            hint: (!used).then_some(off_hint),
            placeholder: used.then_some(default),
            off: !used,
        };
        number_field(key, words, value(key), error_for(key), set.clone())
    };
    // An empty limit is the preset's default: the field shows which, for
    // the preset being picked (each card's own in the servers view).
    let preset = value("preset")
        .parse::<Preset>()
        .unwrap_or(props.params.server.preset);
    let limit_field = |key: &'static str, label: &str| {
        let placeholder = if props.show_preset {
            preset_default(lang, preset, sim_params::preset_default(preset, key))
        } else {
            text.each_server_default.to_string()
        };
        let words = Words {
            label,
            unit: "",
            hint: Some(text.empty_means_default),
            placeholder: Some(placeholder),
            off: false,
        };
        number_field(key, words, value(key), error_for(key), set.clone())
    };
    let retry_on = custom && value("retry") != Retry::None.key() && !value("retry").is_empty();
    let client = clients::find(&value("client"));
    let estimate = read(&draft).0.expected_attempts();
    let client_choices: Vec<(&'static str, String)> =
        std::iter::once((CUSTOM_PROFILE, text.client_custom.to_string()))
            .chain(clients::ALL.iter().map(|c| (c.key, c.name.to_string())))
            .collect();

    html! {
        <form class="scenario-form" {onsubmit} novalidate=true aria-labelledby="scenario-heading">
            <h2 id="scenario-heading">{ text.scenario }</h2>
            <div class="fieldsets">
                <fieldset>
                    <legend>{ text.server_limits }</legend>
                    if props.show_preset {
                        { choice_field("preset", text.server, value("preset"),
                            Preset::ALL.iter().map(|p| (p.name(), p.server().to_string())).collect(), set.clone()) }
                    }
                    { limit_field("max", text.max_clients) }
                    { limit_field("per_ip", text.max_per_ip) }
                    { field("rate_max", text.rate_max, "", Some(text.empty_means_none)) }
                    { maybe("rate_window", text.rate_window, "s", on("rate_max"),
                        format_default(&sim_params::DEFAULT_RATE_WINDOW.to_string(), lang), text.off_without_rate) }
                </fieldset>
                <fieldset>
                    <legend>{ text.load }</legend>
                    { field("users", text.users, "", Some(text.empty_means_open)) }
                    { maybe("think", text.think_time, "s", population, format_default(&base.think.to_string(), lang), text.off_without_users) }
                    { maybe("load", text.arrivals_per_minute, "/min", !population, format_default(&base.load.to_string(), lang), text.off_with_users) }
                    if population {
                        { maybe("peak", text.peak_per_minute, "/min", false, String::new(), text.off_with_users) }
                    } else {
                        { field("peak", text.peak_per_minute, "/min", Some(text.empty_means_none)) }
                    }
                    { maybe("peak_from", text.peak_from, "min", rush, format_default(&base.peak_from.to_string(), lang), text.off_without_rush) }
                    { maybe("peak_to", text.peak_to, "min", rush, format_default(&base.peak_to.to_string(), lang), text.off_without_rush) }
                    { field("duration", text.duration, "min", None) }
                </fieldset>
                <fieldset>
                    <legend>{ text.sessions }</legend>
                    { maybe("session", text.session_mean, "s", !transfers, format_default(&base.session.to_string(), lang), text.off_with_files) }
                    { choice_field("shape", text.session_shape, value("shape"),
                        Shape::ALL.iter().map(|s| (s.key(), shape_label(*s, text).to_string())).collect(), set.clone()) }
                    { field("files", text.files, "", Some(text.empty_means_sessions)) }
                    { maybe("file_mb", text.file_size, "MB", transfers, format_default(&base.file_mb.to_string(), lang), text.off_without_files) }
                    { maybe("bw", text.bandwidth, "MB/s", transfers, format_default(&base.bandwidth.to_string(), lang), text.off_without_files) }
                    { field("ghost", text.ghost_share, "%", Some(text.empty_means_no_ghosts)) }
                </fieldset>
                <fieldset>
                    <legend>{ text.clients }</legend>
                    { choice_field("client", text.client_program, if custom { CUSTOM_PROFILE.to_string() } else { value("client") },
                        client_choices, set.clone()) }
                    { maybe("conns", text.connections, "", true,
                        client.map_or(1, |c| c.default_connections()).to_string(), "") }
                    { field("ips", text.client_ips, "", None) }
                    { field("greedy", text.greedy_share, "%", Some(text.empty_means_even)) }
                </fieldset>
                <fieldset>
                    <legend>{ text.retry_policy }</legend>
                    if let Some(client) = client {
                        <p class="hint client-habits" id="client-habits">
                            { format!("{} {}", text.retries_by_client, client.note.of(lang)) }
                        </p>
                    } else {
                        { choice_field("retry", text.after_refusal, value("retry"),
                            Retry::ALL.iter().map(|r| (r.key(), retry_label(*r, text).to_string())).collect(), set.clone()) }
                    }
                    { maybe("retry_delay", text.retry_delay, "s", retry_on, format_default(&base.retry_delay.to_string(), lang), text.off_without_retry) }
                    { maybe("retry_attempts", text.retry_attempts, "", retry_on, format_default(&base.retry_attempts.to_string(), lang), text.off_without_retry) }
                </fieldset>
                <fieldset>
                    <legend>{ text.shutdown_window }</legend>
                    { field("shut_from", text.shutdown_from, "min", Some(text.empty_means_none)) }
                    { maybe("shut_at", text.shutdown_at, "min", on("shut_from"), text.end_of_run.to_string(), text.off_without_shutdown) }
                    { field("seed", text.seed, "", Some(text.seed_hint)) }
                </fieldset>
            </div>
            <p class={classes!("estimate", (estimate > BIG_RUN_ATTEMPTS).then_some("warning"))} id="estimate"
               data-value={format!("{estimate:.0}")}>
                { format!("{} {}.", text.estimate, count(estimate.round() as u64, lang)) }
                if estimate > BIG_RUN_ATTEMPTS {
                    { " " }<strong>{ text.big_run_warning }</strong>
                } else if estimate <= INSTANT_ATTEMPTS && props.on_live.is_some() {
                    { " " }{ text.instant_hint }
                }
            </p>
            if !errors.is_empty() {
                <p class="form-error" role="alert">{ text.fix_fields }</p>
            }
            <button type="submit" id="run" class="run">{ text.run }</button>
        </form>
    }
}

/// A default as a placeholder, in the language's decimal form.
fn format_default(value: &str, lang: Lang) -> String {
    match lang {
        Lang::En => value.to_string(),
        Lang::Fr => value.replace('.', ","),
    }
}

/// What a number field says around its value.
struct Words<'a> {
    label: &'a str,
    unit: &'a str,
    /// Under the field, unless an error is shown there.
    hint: Option<&'a str>,
    /// In the empty field.
    placeholder: Option<String>,
    /// Not used by this scenario: shown disabled and empty.
    off: bool,
}

fn number_field(
    key: &'static str,
    words: Words<'_>,
    value: String,
    error: Option<String>,
    set: Callback<(&'static str, String)>,
) -> Html {
    let Words {
        label,
        unit,
        hint,
        placeholder,
        off,
    } = words;
    let value = if off { String::new() } else { value };
    let id = format!("field-{key}");
    let described = match (&error, hint) {
        (Some(_), _) => Some(format!("{id}-error")),
        (None, Some(_)) => Some(format!("{id}-hint")),
        (None, None) => None,
    };
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        set.emit((key, input.value()));
    });
    html! {
        <div class={classes!("field", off.then_some("off"))}>
            <label for={id.clone()}>{ label }</label>
            <span class="with-unit">
                <input id={id.clone()} name={key} type="text" inputmode="decimal" {value} {placeholder} {oninput} disabled={off}
                       autocomplete="off" aria-invalid={error.is_some().then_some("true")}
                       aria-describedby={described} />
                if !unit.is_empty() {
                    <span class="unit">{ unit }</span>
                }
            </span>
            if let Some(error) = error {
                <span class="field-error" id={format!("{id}-error")}>{ error }</span>
            } else if let Some(hint) = hint {
                <span class="hint" id={format!("{id}-hint")}>{ hint }</span>
            }
        </div>
    }
}

fn choice_field(
    key: &'static str,
    label: &str,
    value: String,
    choices: Vec<(&'static str, String)>,
    set: Callback<(&'static str, String)>,
) -> Html {
    let id = format!("field-{key}");
    let onchange = Callback::from(move |event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        set.emit((key, select.value()));
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ label }</label>
            <select id={id} name={key} {onchange}>
                { for choices.into_iter().map(|(choice, shown)| html! {
                    <option value={choice} selected={choice == value}>{ shown }</option>
                }) }
            </select>
        </div>
    }
}

fn shape_label(shape: Shape, text: &Ui) -> &'static str {
    match shape {
        Shape::Exponential => text.shape_exponential,
        Shape::Constant => text.shape_constant,
        Shape::LogNormal => text.shape_lognormal,
        Shape::Pareto => text.shape_pareto,
    }
}

fn retry_label(retry: Retry, text: &Ui) -> &'static str {
    match retry {
        Retry::None => text.retry_none,
        Retry::Fixed => text.retry_fixed,
        Retry::Backoff => text.retry_backoff,
    }
}

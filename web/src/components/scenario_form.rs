//! The scenario form. It edits a draft; Run applies it (to the URL, which
//! starts the run), so that half-typed numbers never start a simulation.

use ftpsim::Lang;
use ftpsim::admission::Preset;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{Ui, preset_default, ui};
use crate::sim_params::{self, FieldError, Retry, Shape, SimParams};

#[derive(Properties, PartialEq, Debug)]
pub struct ScenarioFormProps {
    pub params: SimParams,
    pub lang: Lang,
    /// The server preset is a field of the simulator, not of the
    /// comparison of servers.
    pub show_preset: bool,
    pub on_apply: Callback<SimParams>,
}

type Draft = Vec<(&'static str, String)>;

#[component]
pub fn ScenarioForm(props: &ScenarioFormProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let draft = use_state(|| props.params.to_pairs());
    let errors = use_state(Vec::<FieldError>::new);
    {
        // Applied or loaded from a link: the form shows what runs.
        let (draft, errors) = (draft.clone(), errors.clone());
        use_effect_with(props.params.clone(), move |params| {
            draft.set(params.to_pairs());
            errors.set(Vec::new());
        });
    }
    let value = |key: &str| -> String {
        draft
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let set = {
        let draft = draft.clone();
        Callback::from(move |(key, new): (&'static str, String)| {
            let mut next: Draft = (*draft).clone();
            if let Some(entry) = next.iter_mut().find(|(k, _)| *k == key) {
                entry.1 = new;
            }
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, errors, on_apply) = (draft.clone(), errors.clone(), props.on_apply.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (params, problems) =
                SimParams::from_pairs(draft.iter().map(|(k, v)| (*k, v.as_str())));
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
    let field = |key: &'static str, label: &str, unit: &str, hint: Option<&str>| {
        let words = Words {
            label,
            unit,
            hint,
            placeholder: None,
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
        };
        number_field(key, words, value(key), error_for(key), set.clone())
    };
    let retry_off = value("retry") == Retry::None.key();

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
                    { field("rate_window", text.rate_window, "s", None) }
                </fieldset>
                <fieldset>
                    <legend>{ text.load }</legend>
                    { field("load", text.arrivals_per_minute, "/min", None) }
                    { field("peak", text.peak_per_minute, "/min", Some(text.empty_means_none)) }
                    { field("peak_from", text.peak_from, "min", None) }
                    { field("peak_to", text.peak_to, "min", None) }
                    { field("duration", text.duration, "min", None) }
                </fieldset>
                <fieldset>
                    <legend>{ text.sessions }</legend>
                    { field("session", text.session_mean, "s", None) }
                    { choice_field("shape", text.session_shape, value("shape"),
                        Shape::ALL.iter().map(|s| (s.key(), shape_label(*s, text).to_string())).collect(), set.clone()) }
                    { field("ips", text.client_ips, "", None) }
                    { field("greedy", text.greedy_share, "%", Some(text.empty_means_even)) }
                </fieldset>
                <fieldset>
                    <legend>{ text.retry_policy }</legend>
                    { choice_field("retry", text.after_refusal, value("retry"),
                        Retry::ALL.iter().map(|r| (r.key(), retry_label(*r, text).to_string())).collect(), set.clone()) }
                    if !retry_off {
                        { field("retry_delay", text.retry_delay, "s", None) }
                        { field("retry_attempts", text.retry_attempts, "", None) }
                    }
                </fieldset>
                <fieldset>
                    <legend>{ text.shutdown_window }</legend>
                    { field("shut_from", text.shutdown_from, "min", Some(text.empty_means_none)) }
                    { field("shut_at", text.shutdown_at, "min", None) }
                    { field("seed", text.seed, "", Some(text.seed_hint)) }
                </fieldset>
            </div>
            if !errors.is_empty() {
                <p class="form-error" role="alert">{ text.fix_fields }</p>
            }
            <button type="submit" id="run" class="run">{ text.run }</button>
        </form>
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
    } = words;
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
        <div class="field">
            <label for={id.clone()}>{ label }</label>
            <span class="with-unit">
                <input id={id.clone()} name={key} type="text" inputmode="decimal" {value} {placeholder} {oninput}
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

//! One code's page: every meaning the RFCs give it, explained.

use ftpsim::explain::explain;
use ftpsim::{Lang, ReplyCode};
use yew::prelude::*;

use crate::catalog::neighbours;
use crate::components::code_field::CodeField;
use crate::components::codes_list::class_tone;
use crate::i18n::ui;
use crate::route::{CodesFilter, Route, View};
use crate::sim_params::Ready;

#[derive(Properties, PartialEq, Debug)]
pub struct CodePageProps {
    pub code: ReplyCode,
    pub lang: Lang,
    pub navigate: Callback<Route>,
}

#[component]
pub fn CodePage(props: &CodePageProps) -> Html {
    let (code, lang) = (props.code, props.lang);
    let text = ui(lang);
    let explanation = use_memo((code, lang), |&(code, lang)| explain(code, lang));
    let default_other = if code == ReplyCode::SERVICE_NOT_AVAILABLE {
        ReplyCode::SERVICE_READY
    } else {
        ReplyCode::SERVICE_NOT_AVAILABLE
    };
    let other = use_state(|| default_other);
    {
        let other = other.clone();
        use_effect_with(code, move |_| other.set(default_other));
    }
    let link = |view: View| Route::new(view, lang).href();
    let (previous, next) = neighbours(code);
    let on_other = {
        let other = other.clone();
        Callback::from(move |code| other.set(code))
    };
    let on_compare = {
        let (other, navigate) = (other.clone(), props.navigate.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            navigate.emit(Route::new(View::Compare(code, *other), lang));
        })
    };
    let primary = explanation.primary();
    // Several meanings each get an h2, their parts an h3; one meaning's
    // parts are h2 (no level skipped after the h1).
    let several = explanation.meanings.len() > 1;
    let (guides, scenario) = learn_more(code);

    html! {
        <article class={classes!("code-page", class_tone(code.class()))} aria-labelledby="code-title">
            <nav class="crumbs" aria-label={text.all_codes}>
                <a href={link(View::Codes(CodesFilter::default()))}>{ text.all_codes }</a>
                if let Some(previous) = previous {
                    <a href={link(View::Code(previous))} rel="prev" aria-label={format!("{} {previous}", text.previous_code)}>
                        { format!("← {previous}") }
                    </a>
                }
                if let Some(next) = next {
                    <a href={link(View::Code(next))} rel="next" aria-label={format!("{} {next}", text.next_code)}>
                        { format!("{next} →") }
                    </a>
                }
            </nav>
            <h1 id="code-title"><span class="code-number">{ code.to_string() }</span>{ " " }{ &primary.title }</h1>
            <p class="labels">
                <span class="pill">{ &explanation.class_label }</span>
                <span class="pill">{ &explanation.category_label }</span>
                if !explanation.registered {
                    <span class="pill">{ text.unregistered }</span>
                }
            </p>
            if code.closes_connection() {
                <p class="callout">{ text.closes_connection }</p>
            }
            if code.retry_may_help() {
                <p class="callout">{ text.retry_may_help }</p>
            }
            { for explanation.meanings.iter().enumerate().map(|(i, meaning)| html! {
                <section class="meaning">
                    if several {
                        <h2>{ format!("{} {} — {}", text.meaning, i + 1, meaning.title) }</h2>
                    }
                    if let (Some(rfc), Some(section)) = (meaning.rfc, meaning.section) {
                        <p class="citation">{ format!("RFC {rfc} §{section}") }</p>
                    }
                    if let Some(rfc_text) = meaning.rfc_text {
                        <figure class="rfc-text">
                            <blockquote>{ rfc_text }</blockquote>
                            <figcaption>{ text.rfc_text }</figcaption>
                        </figure>
                    }
                    { sub_heading(several, text.description) }
                    <p>{ &meaning.description }</p>
                    { sub_heading(several, text.when) }
                    <p>{ &meaning.when }</p>
                    { sub_heading(several, text.resolve) }
                    <p>{ &meaning.resolve }</p>
                </section>
            }) }
            if explanation.registered {
                <p class="reference-link">
                    <a href={format!("reference/{}/{code}.html", lang.tag())}>{ text.reference_page }</a>
                </p>
            }
            <section class="learn-more" aria-labelledby="learn-more-heading">
                <h2 id="learn-more-heading">{ text.learn_more }</h2>
                <ul>
                    { for guides.iter().map(|&(page, en, fr)| html! {
                        <li><a class="guide-link" href={format!("reference/guides/{}/{page}.html", lang.tag())}>
                            { if lang == Lang::Fr { fr } else { en } }
                        </a></li>
                    }) }
                    if let Some((view, ready)) = scenario {
                        <li><a class="scenario-link" href={link(view)}>{ scenario_label(ready, lang) }</a></li>
                    }
                </ul>
            </section>
            <form class="inline-form" onsubmit={on_compare}>
                <CodeField id="compare-other" label={text.compare_with} value={*other}
                           invalid_message={text.invalid_code} on_change={on_other} />
                <button type="submit">{ text.compare_button }</button>
            </form>
        </article>
    }
}

fn sub_heading(several: bool, label: &str) -> Html {
    if several {
        html! { <h3>{ label }</h3> }
    } else {
        html! { <h2>{ label }</h2> }
    }
}

/// A guide: its page under `reference/guides/<lang>/` and its title in
/// English and French.
type Guide = (&'static str, &'static str, &'static str);

const READING: Guide = (
    "reading-replies",
    "Guide: reading FTP replies",
    "Guide : lire les réponses FTP",
);
const WHY_421: Guide = (
    "why-421",
    "Guide: why a server answers 421",
    "Guide : pourquoi un serveur répond 421",
);
const TOO_MANY: Guide = (
    "too-many-connections",
    "Guide: \"Too many connections from this IP\"",
    "Guide : « Too many connections from this IP »",
);
const SIZING: Guide = (
    "sizing-with-erlang-b",
    "Guide: sizing a server with Erlang B",
    "Guide : dimensionner un serveur avec Erlang B",
);

/// Where to read on from a code's page: the guides that meet it and a
/// ready scenario that shows it happen, with the view it opens in.
fn learn_more(code: ReplyCode) -> (Vec<Guide>, Option<(View, Ready)>) {
    let simulate = |ready: Ready| {
        let view = View::Simulator {
            params: ready.params(),
            session: None,
        };
        Some((view, ready))
    };
    match code.get() {
        421 => (
            vec![WHY_421, TOO_MANY, SIZING, READING],
            simulate(Ready::FilezillaPerIp),
        ),
        220 | 120 => (
            vec![WHY_421, SIZING, READING],
            simulate(Ready::QuietEvening),
        ),
        530 => (
            vec![TOO_MANY, READING],
            Some((View::Servers(Ready::SameCrowd.params()), Ready::SameCrowd)),
        ),
        _ => (vec![READING], None),
    }
}

fn scenario_label(ready: Ready, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "See it happen: the \u{201c}{}\u{201d} scenario",
            ready.title(lang)
        ),
        Lang::Fr => format!("Le voir arriver : le scénario « {} »", ready.title(lang)),
    }
}

#[derive(Properties, PartialEq, Debug)]
pub struct NotACodeProps {
    pub given: String,
    pub lang: Lang,
}

/// The page for `#/code/<text>` when the text is not a reply code: says
/// so, and offers the list.
#[component]
pub fn NotACode(props: &NotACodeProps) -> Html {
    let text = ui(props.lang);
    let given = props.given.trim();
    let message = match given.parse::<ReplyCode>() {
        Err(error) => error.to_string(),
        Ok(_) => String::new(),
    };
    html! {
        <article class="code-page not-a-code" aria-labelledby="code-title">
            <h1 id="code-title">{ format!("{}\u{a0}: {given}", text.invalid_code) }</h1>
            <p class="form-error" id="code-error" role="alert">{ message }</p>
            <p><a href={Route::new(View::Codes(CodesFilter::default()), props.lang).href()}>{ text.all_codes }</a></p>
        </article>
    }
}

//! One code's page: every meaning the RFCs give it, explained.

use ftpsim::explain::explain;
use ftpsim::{Lang, ReplyCode};
use yew::prelude::*;

use crate::catalog::neighbours;
use crate::components::code_field::CodeField;
use crate::components::codes_list::class_tone;
use crate::i18n::ui;
use crate::route::{CodesFilter, Route, View};

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
                    if explanation.meanings.len() > 1 {
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
                    <h3>{ text.description }</h3>
                    <p>{ &meaning.description }</p>
                    <h3>{ text.when }</h3>
                    <p>{ &meaning.when }</p>
                    <h3>{ text.resolve }</h3>
                    <p>{ &meaning.resolve }</p>
                </section>
            }) }
            if explanation.registered {
                <p class="reference-link">
                    <a href={format!("reference/{}/{code}.html", lang.tag())}>{ text.reference_page }</a>
                </p>
            }
            <form class="inline-form" onsubmit={on_compare}>
                <CodeField id="compare-other" label={text.compare_with} value={*other}
                           invalid_message={text.invalid_code} on_change={on_other} />
                <button type="submit">{ text.compare_button }</button>
            </form>
        </article>
    }
}

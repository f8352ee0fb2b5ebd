//! Any two codes side by side (220 vs 421 first).

use ftpsim::explain::{Side, compare};
use ftpsim::{Lang, ReplyCode};
use yew::prelude::*;

use crate::components::code_field::CodeField;
use crate::components::codes_list::class_tone;
use crate::i18n::{Ui, ui};
use crate::route::{Route, View};

#[derive(Properties, PartialEq, Debug)]
pub struct CompareViewProps {
    pub a: ReplyCode,
    pub b: ReplyCode,
    pub lang: Lang,
    pub on_change: Callback<(ReplyCode, ReplyCode)>,
}

#[component]
pub fn CompareView(props: &CompareViewProps) -> Html {
    let (a, b, lang) = (props.a, props.b, props.lang);
    let text = ui(lang);
    let comparison = use_memo((a, b, lang), |&(a, b, lang)| compare(a, b, lang));
    let on_a = props.on_change.reform(move |a| (a, b));
    let on_b = props.on_change.reform(move |b| (a, b));
    let on_swap = props.on_change.reform(move |_: MouseEvent| (b, a));
    // Which fields hold text that is not a code: the comparison below would
    // be of the codes before, so it gives way to the error.
    let invalid = use_state(|| (false, false));
    let on_valid_a = {
        let invalid = invalid.clone();
        Callback::from(move |ok: bool| invalid.set((!ok, invalid.1)))
    };
    let on_valid_b = {
        let invalid = invalid.clone();
        Callback::from(move |ok: bool| invalid.set((invalid.0, !ok)))
    };

    html! {
        <section class="compare" aria-labelledby="compare-heading">
            <h1 id="compare-heading">{ text.compare_heading }</h1>
            <p class="intro">{ text.compare_intro }</p>
            <form class="filters" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <CodeField id="compare-a" label={text.first_code} value={a}
                           invalid_message={text.invalid_code} on_change={on_a} on_validity={on_valid_a} />
                <button type="button" class="quiet swap" onclick={on_swap} aria-label={text.swap}>{ "⇄" }</button>
                <CodeField id="compare-b" label={text.second_code} value={b}
                           invalid_message={text.invalid_code} on_change={on_b} on_validity={on_valid_b} />
            </form>
            if invalid.0 || invalid.1 {
                <p class="form-error" id="compare-invalid" role="alert">{ text.compare_needs_codes }</p>
            } else {
                <h2 id="comparison-title">{ &comparison.title }</h2>
                if a == b {
                    <p class="callout" id="same-code">{ text.same_code_twice }</p>
                }
                <p class="summary">{ &comparison.summary }</p>
                <div class="sides">
                    { side(&comparison.left, text, lang) }
                    { side(&comparison.right, text, lang) }
                </div>
                <h2>{ text.differences }</h2>
                <ul class="differences">
                    { for comparison.differences.iter().map(|d| html! { <li>{ d }</li> }) }
                </ul>
                <h2>{ text.which_when }</h2>
                <ul class="which-when">
                    { for comparison.which_when.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
        </section>
    }
}

fn side(side: &Side, text: &Ui, lang: Lang) -> Html {
    html! {
        <article class={classes!("side", class_tone(side.code.class()))}>
            <h3>
                <a class="code-number" href={Route::new(View::Code(side.code), lang).href()}>{ side.code.to_string() }</a>
                { " " }{ &side.title }
            </h3>
            <p class="labels">
                <span class="pill">{ &side.class_label }</span>
                <span class="pill">{ &side.category_label }</span>
            </p>
            <p class="citation">{ side.citation.clone().unwrap_or_else(|| text.unregistered.to_string()) }</p>
            if let Some(rfc_text) = side.rfc_text {
                <blockquote class="rfc-text">{ rfc_text }</blockquote>
            }
            <h4>{ text.description }</h4>
            <p>{ &side.description }</p>
            <h4>{ text.when }</h4>
            <p>{ &side.when }</p>
            <h4>{ text.resolve }</h4>
            <p>{ &side.resolve }</p>
        </article>
    }
}

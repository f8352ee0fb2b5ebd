//! Every code, searchable and filterable by class and category.

use ftpsim::Lang;
use ftpsim::explain::{category_name, class_label};
use ftpsim::reply::{Category, Class};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::catalog::{code_in_query, rows};
use crate::i18n::ui;
use crate::route::{CodesFilter, Route, View};

#[derive(Properties, PartialEq, Debug)]
pub struct CodesListProps {
    pub filter: CodesFilter,
    pub lang: Lang,
    pub on_change: Callback<CodesFilter>,
}

#[component]
pub fn CodesList(props: &CodesListProps) -> Html {
    let lang = props.lang;
    let text = ui(lang);
    let all_rows = use_memo(lang, |&lang| rows(lang));
    let filter = &props.filter;
    let shown: Vec<_> = all_rows.iter().filter(|row| row.matches(filter)).collect();
    let link = |view: View| Route::new(view, lang).href();

    let on_query = {
        let (filter, on_change) = (filter.clone(), props.on_change.clone());
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            on_change.emit(CodesFilter {
                query: input.value(),
                ..filter.clone()
            });
        })
    };
    let on_class = {
        let (filter, on_change) = (filter.clone(), props.on_change.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            let digit = select.value().parse::<u8>().ok();
            on_change.emit(CodesFilter {
                class: Class::ALL.into_iter().find(|c| Some(c.digit()) == digit),
                ..filter.clone()
            });
        })
    };
    let on_category = {
        let (filter, on_change) = (filter.clone(), props.on_change.clone());
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            on_change.emit(CodesFilter {
                category: select
                    .value()
                    .parse::<u8>()
                    .ok()
                    .and_then(Category::from_digit),
                ..filter.clone()
            });
        })
    };
    let on_clear = {
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| on_change.emit(CodesFilter::default()))
    };
    let typed_code =
        code_in_query(filter).filter(|code| !shown.iter().any(|row| row.code == *code));
    let filtering = *filter != CodesFilter::default();

    html! {
        <section class="codes" aria-labelledby="codes-heading">
            <h1 id="codes-heading">{ text.codes_heading }</h1>
            <p class="intro">{ text.codes_intro }</p>
            <form class="filters" role="search" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label class="field grow">
                    <span>{ text.search }</span>
                    <input id="code-search" type="search" value={filter.query.clone()}
                           placeholder={text.search_placeholder} oninput={on_query}
                           autocomplete="off" spellcheck="false" />
                </label>
                <label class="field">
                    <span>{ text.class }</span>
                    <select id="class-filter" onchange={on_class}>
                        <option value="" selected={filter.class.is_none()}>{ text.any }</option>
                        { for Class::ALL.into_iter().map(|class| html! {
                            <option value={class.digit().to_string()} selected={filter.class == Some(class)}>
                                { class_label(class, lang) }
                            </option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ text.category }</span>
                    <select id="category-filter" onchange={on_category}>
                        <option value="" selected={filter.category.is_none()}>{ text.any }</option>
                        { for Category::ALL.into_iter().map(|category| html! {
                            <option value={category.digit().to_string()} selected={filter.category == Some(category)}>
                                { format!("{} {}", category.pattern(), category_name(category, lang)) }
                            </option>
                        }) }
                    </select>
                </label>
                if filtering {
                    <button type="button" class="quiet" onclick={on_clear}>{ text.clear_filters }</button>
                }
            </form>
            <p class="count" role="status" aria-live="polite">
                { format!("{} {} {}", shown.len(), text.shown_of, all_rows.len()) }
            </p>
            if let Some(code) = typed_code {
                <p class="note">
                    <a href={link(View::Code(code))}>{ format!("{code} — {}", text.explain_anyway) }</a>
                </p>
            }
            if shown.is_empty() {
                <p class="empty">{ text.no_match }</p>
            } else {
                <div class="table-wrap">
                    <table class="code-table">
                        <thead>
                            <tr>
                                <th scope="col">{ text.code }</th>
                                <th scope="col">{ text.title }</th>
                                <th scope="col" class="wide-only">{ text.class }</th>
                                <th scope="col" class="wide-only">{ text.category }</th>
                                <th scope="col">{ text.rfc }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for shown.iter().map(|row| html! {
                                <tr key={format!("{}-{}", row.code, row.rfc)} class={class_tone(row.class)}>
                                    <td><a class="code-link" href={link(View::Code(row.code))}>{ row.code.to_string() }</a></td>
                                    <td>{ &row.title }</td>
                                    <td class="wide-only">{ row.class.pattern() }</td>
                                    <td class="wide-only">{ row.category.map(|c| c.pattern()).unwrap_or("—") }</td>
                                    <td class="rfc">{ format!("{} §{}", row.rfc, row.section) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// The CSS class that colours a code by its first digit.
pub fn class_tone(class: Class) -> &'static str {
    match class {
        Class::PositivePreliminary | Class::PositiveIntermediate => "tone-info",
        Class::PositiveCompletion => "tone-ok",
        Class::TransientNegative => "tone-warn",
        Class::PermanentNegative => "tone-bad",
        Class::Protected => "tone-muted",
    }
}

//! The root component: owns the state, routes to a view.

use yew::prelude::*;

use crate::components::code_page::{CodePage, NotACode};
use crate::components::codes_list::CodesList;
use crate::components::compare_view::CompareView;
use crate::components::diagnose_view::DiagnoseView;
use crate::components::reader_view::ReaderView;
use crate::components::servers_view::ServersView;
use crate::components::simulator_view::SimulatorView;
use crate::components::site_header::SiteHeader;
use crate::components::sizing_view::SizingView;
use crate::hooks::use_url_sync::{current_hash, use_url_sync};
use crate::i18n::ui;
use crate::route::{Route, View};
use crate::state::{Action, State};

/// The id of `<main>`, the target of the skip link.
const MAIN_ID: &str = "content";

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::new(Route::parse(&current_hash())));
    use_url_sync(&state);
    use_effect_with((), |_| mark_interactive());
    {
        // A new view: the tab says which, and focus goes to its heading so
        // that a screen reader announces it (not on the first render, where
        // focus belongs to the page).
        let first = use_mut_ref(|| true);
        let key = (std::mem::discriminant(&state.route.view), state.route.lang);
        let route = state.route.clone();
        use_effect_with(key, move |_| {
            follow_view(&route, std::mem::replace(&mut *first.borrow_mut(), false));
        });
    }

    let route = state.route.clone();
    let text = ui(route.lang);
    let navigate = {
        let state = state.clone();
        Callback::from(move |route: Route| state.dispatch(Action::Navigate(route)))
    };
    let edit = {
        let state = state.clone();
        Callback::from(move |route: Route| state.dispatch(Action::Edit(route)))
    };

    let view = match &route.view {
        View::Simulator { params, session } => {
            let on_apply = navigate.reform({
                let route = route.clone();
                move |params| {
                    route.to(View::Simulator {
                        params,
                        session: None,
                    })
                }
            });
            let on_live = edit.reform({
                let route = route.clone();
                move |params| {
                    route.to(View::Simulator {
                        params,
                        session: None,
                    })
                }
            });
            let on_select = edit.reform({
                let (route, params) = (route.clone(), params.clone());
                move |session| {
                    route.to(View::Simulator {
                        params: params.clone(),
                        session,
                    })
                }
            });
            html! {
                <SimulatorView params={params.clone()} session={*session} lang={route.lang} {on_apply} {on_live} {on_select} />
            }
        }
        View::Servers(params) => {
            let on_apply = navigate.reform({
                let route = route.clone();
                move |params| route.to(View::Servers(params))
            });
            html! { <ServersView params={params.clone()} lang={route.lang} {on_apply} /> }
        }
        View::Diagnose(log) => {
            let on_edit = edit.reform({
                let route = route.clone();
                move |log| route.to(View::Diagnose(log))
            });
            html! { <DiagnoseView log={log.clone()} lang={route.lang} {on_edit} /> }
        }
        View::Sizing(params) => {
            let on_edit = edit.reform({
                let route = route.clone();
                move |params| route.to(View::Sizing(params))
            });
            html! { <SizingView params={params.clone()} lang={route.lang} {on_edit} /> }
        }
        View::Reader { raw, newline } => {
            let to_view = {
                let route = route.clone();
                move |(raw, newline)| route.to(View::Reader { raw, newline })
            };
            let on_edit = edit.reform(to_view.clone());
            let on_load = navigate.reform(to_view);
            html! {
                <ReaderView raw={raw.clone()} newline={*newline} lang={route.lang} {on_edit} {on_load} />
            }
        }
        View::Codes(filter) => {
            let on_change = edit.reform({
                let route = route.clone();
                move |filter| route.to(View::Codes(filter))
            });
            html! { <CodesList filter={filter.clone()} lang={route.lang} {on_change} /> }
        }
        View::Code(code) => {
            html! { <CodePage code={*code} lang={route.lang} navigate={navigate.clone()} /> }
        }
        View::NotACode(given) => html! { <NotACode given={given.clone()} lang={route.lang} /> },
        View::Compare(a, b) => {
            let on_change = edit.reform({
                let route = route.clone();
                move |(a, b)| route.to(View::Compare(a, b))
            });
            html! { <CompareView a={*a} b={*b} lang={route.lang} {on_change} /> }
        }
    };

    html! {
        <>
            <a class="skip" href={format!("#{MAIN_ID}")} onclick={skip_to_main()}>
                { text.skip_to_content }
            </a>
            <SiteHeader route={route.clone()} />
            <main id={MAIN_ID} tabindex="-1">{ view }</main>
            <footer class="site-footer"><p>{ text.footer }</p></footer>
        </>
    }
}

/// The skip link must not touch the hash (it holds the route): move focus
/// by hand instead.
fn skip_to_main() -> Callback<MouseEvent> {
    Callback::from(|event: MouseEvent| {
        event.prevent_default();
        let main = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(MAIN_ID));
        if let Some(main) =
            main.and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = main.focus();
        }
    })
}

/// Sets the document's title for `route` and, unless this is the first
/// view, moves focus to the view's heading.
fn follow_view(route: &Route, first: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let text = ui(route.lang);
    let heading = document.query_selector("main h1").ok().flatten();
    let name = heading
        .as_ref()
        .and_then(|h| h.text_content())
        .unwrap_or_default();
    document.set_title(&format!("{name} · {}", text.app_title));
    if first {
        return;
    }
    if let Some(heading) =
        heading.and_then(|h| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h).ok())
    {
        let _ = heading.set_attribute("tabindex", "-1");
        let _ = heading.focus();
    }
}

/// Marks the first render in the Performance timeline (read by
/// `cargo xtask bench-web`) and on the document (waited for by the browser
/// tests).
fn mark_interactive() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(performance) = window.performance() {
        let _ = performance.mark("ftpsim-interactive");
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-ready", "true");
    }
}

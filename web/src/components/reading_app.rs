//! The root of the `ftpsim_reading` module: the views that read what a
//! server said, drawn inside the page's `<main>` by
//! [`ReadingHost`](super::reading_host::ReadingHost).
//!
//! It owns no state: the page's route comes in as a prop, and every change a
//! view makes goes back out through `on_route`, so that the page's address
//! stays the one source of truth.

use yew::prelude::*;

use crate::components::code_page::{CodePage, NotACode};
use crate::components::codes_list::CodesList;
use crate::components::compare_view::CompareView;
use crate::components::diagnose_view::DiagnoseView;
use crate::components::reader_view::ReaderView;
use crate::page;
use crate::route::{Route, View};

/// How a view's change of route reaches the address bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteChange {
    /// A new page: Back returns to the previous one.
    Navigate,
    /// An edit within the view: the current history entry is replaced.
    Edit,
}

#[derive(Properties, PartialEq, Debug)]
pub struct ReadingAppProps {
    pub route: Route,
    pub on_route: Callback<(Route, RouteChange)>,
}

#[component]
pub fn ReadingApp(props: &ReadingAppProps) -> Html {
    {
        let key = (std::mem::discriminant(&props.route.view), props.route.lang);
        let route = props.route.clone();
        use_effect_with(key, move |_| {
            page::follow_view(&route);
            page::mark_ready();
        });
    }
    let route = &props.route;
    let navigate = props
        .on_route
        .reform(|route: Route| (route, RouteChange::Navigate));
    let edit = props
        .on_route
        .reform(|route: Route| (route, RouteChange::Edit));
    reading_view(route, &navigate, &edit).unwrap_or_default()
}

/// The view for `route` when it is one of this module's, else `None`.
fn reading_view(route: &Route, navigate: &Callback<Route>, edit: &Callback<Route>) -> Option<Html> {
    let html = match &route.view {
        View::Diagnose(log) => {
            let on_edit = edit.reform({
                let route = route.clone();
                move |log| route.to(View::Diagnose(log))
            });
            html! { <DiagnoseView log={log.clone()} lang={route.lang} {on_edit} /> }
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
        View::Simulator { .. } | View::Servers(_) | View::Sizing(_) => return None,
    };
    Some(html)
}

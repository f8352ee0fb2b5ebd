//! The root component: owns the state, routes to a view.

use yew::prelude::*;

use crate::components::reading_app::RouteChange;
use crate::components::reading_host::{ModuleLoader, ReadingHost};
use crate::components::servers_view::ServersView;
use crate::components::simulator_view::SimulatorView;
use crate::components::site_header::SiteHeader;
use crate::components::sizing_view::SizingView;
use crate::hooks::use_url_sync::{current_hash, use_url_sync};
use crate::i18n::ui;
use crate::page;
use crate::route::{Module, Route, View};
use crate::state::{Action, State};

/// The id of `<main>`, the target of the skip link.
const MAIN_ID: &str = "content";

#[derive(Properties, PartialEq, Debug)]
pub struct AppProps {
    /// Loads the `ftpsim_reading` module, which draws the views that read
    /// what a server said.
    pub load_reading: ModuleLoader,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| State::new(Route::parse(&current_hash())));
    use_url_sync(&state);
    {
        // A new view of this module: the tab says which, focus goes to its
        // heading, and the first one marks the page ready. The reading
        // module does the same for its views once it has drawn them.
        let key = (std::mem::discriminant(&state.route.view), state.route.lang);
        let route = state.route.clone();
        use_effect_with(key, move |_| {
            if route.view.module() == Module::App {
                page::follow_view(&route);
                page::mark_ready();
            }
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
        View::Sizing(params) => {
            let on_edit = edit.reform({
                let route = route.clone();
                move |params| route.to(View::Sizing(params))
            });
            html! { <SizingView params={params.clone()} lang={route.lang} {on_edit} /> }
        }
        View::Diagnose(_)
        | View::Reader { .. }
        | View::Codes(_)
        | View::Code(_)
        | View::NotACode(_)
        | View::Compare(..) => {
            let on_route = Callback::from(move |(route, change)| match change {
                RouteChange::Navigate => navigate.emit(route),
                RouteChange::Edit => edit.emit(route),
            });
            html! {
                <ReadingHost route={route.clone()} loader={props.load_reading.clone()} {on_route} />
            }
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

//! The banner: name, the views, the language switch. Plain links, so that
//! every entry works with the keyboard, opens in a new tab and can be copied.

use ftpsim::Lang;
use yew::prelude::*;

use crate::i18n::{lang_name, ui};
use crate::route::{Route, Section, View};

#[derive(Properties, PartialEq, Debug)]
pub struct SiteHeaderProps {
    pub route: Route,
}

#[component]
pub fn SiteHeader(props: &SiteHeaderProps) -> Html {
    let route = &props.route;
    let text = ui(route.lang);
    let current = route.view.section();
    // The simulator and the servers keep the scenario when switching.
    let params = match &route.view {
        View::Simulator { params, .. } | View::Servers(params) => params.clone(),
        _ => Default::default(),
    };
    // The simulator's own ready scenarios show little between servers: the
    // servers view then opens on its own.
    let servers_params = match crate::sim_params::Ready::matching(&params) {
        Some(ready) if !crate::sim_params::Ready::SERVERS.contains(&ready) => {
            crate::sim_params::Ready::SameCrowd.params()
        }
        _ => params.clone(),
    };
    let entries = [
        (
            Section::Simulator,
            text.nav_simulator,
            View::Simulator {
                params: params.clone(),
                session: None,
            },
        ),
        (
            Section::Servers,
            text.nav_servers,
            View::Servers(servers_params),
        ),
        (
            Section::Sizing,
            text.nav_sizing,
            View::Sizing(Default::default()),
        ),
        (
            Section::Diagnose,
            text.nav_diagnose,
            View::Diagnose(String::new()),
        ),
        (Section::Reader, text.nav_reader, View::default_reader()),
        (
            Section::Codes,
            text.nav_codes,
            View::Codes(Default::default()),
        ),
        (Section::Compare, text.nav_compare, View::default_compare()),
    ];
    html! {
        <header class="site-header">
            <div class="brand">
                <a class="brand-name" href={route.to(View::default()).href()}>{ text.app_title }</a>
                <span class="tagline">{ text.tagline }</span>
            </div>
            <nav aria-label={text.nav_label}>
                <ul class="nav">
                    { for entries.into_iter().map(|(section, label, view)| {
                        let current = (section == current).then_some("page");
                        html! {
                            <li>
                                <a href={route.to(view).href()} aria-current={current}
                                   data-nav={format!("{section:?}").to_ascii_lowercase()}>
                                    { label }
                                </a>
                            </li>
                        }
                    }) }
                </ul>
            </nav>
            <ul class="langs" aria-label={text.language}>
                { for Lang::ALL.into_iter().map(|lang| {
                    let current = (lang == route.lang).then_some("true");
                    html! {
                        <li>
                            <a href={route.with_lang(lang).href()} hreflang={lang.tag()}
                               lang={lang.tag()} aria-current={current} data-lang={lang.tag()}>
                                { lang_name(lang) }
                            </a>
                        </li>
                    }
                }) }
            </ul>
        </header>
    }
}

//! The app's state and its reducer. The state is the [`Route`]: everything a
//! view shows is derived from it (and from the core), so that the URL alone
//! reproduces the page.

use std::rc::Rc;

use yew::Reducible;

use crate::route::Route;

/// How the address bar should follow a change of route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUpdate {
    /// The route came from the address bar: leave it alone.
    None,
    /// A new page: add a history entry (Back returns to the previous view).
    Push,
    /// An edit within the page (typing in a search field): replace the
    /// current entry so that Back does not replay every keystroke.
    Replace,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub route: Route,
    pub url_update: UrlUpdate,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The address changed (link followed, Back, a pasted URL).
    UrlChanged(Route),
    /// Go to another view.
    Navigate(Route),
    /// Change the state of the current view.
    Edit(Route),
}

impl State {
    pub fn new(route: Route) -> State {
        State {
            route,
            url_update: UrlUpdate::None,
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let (route, url_update) = match action {
            Action::UrlChanged(route) => (route, UrlUpdate::None),
            Action::Navigate(route) => (route, UrlUpdate::Push),
            Action::Edit(route) => (route, UrlUpdate::Replace),
        };
        if route == self.route {
            // Same page: keep the Rc so that nothing re-renders.
            return self;
        }
        Rc::new(State { route, url_update })
    }
}

#[cfg(test)]
mod tests {
    use ftpsim::{Lang, ReplyCode};

    use super::*;
    use crate::route::View;

    #[test]
    fn actions_say_how_the_address_follows() {
        let start = Rc::new(State::new(Route::new(View::default(), Lang::En)));
        let code = Route::new(View::Code(ReplyCode::SERVICE_READY), Lang::En);

        let pushed = start.clone().reduce(Action::Navigate(code.clone()));
        assert_eq!(pushed.route, code);
        assert_eq!(pushed.url_update, UrlUpdate::Push);

        let french = code.with_lang(Lang::Fr);
        let edited = pushed.clone().reduce(Action::Edit(french.clone()));
        assert_eq!(edited.url_update, UrlUpdate::Replace);

        let from_url = edited.reduce(Action::UrlChanged(code.clone()));
        assert_eq!(from_url.url_update, UrlUpdate::None);
    }

    #[test]
    fn the_same_route_keeps_the_same_state() {
        let start = Rc::new(State::new(Route::new(View::default(), Lang::En)));
        let again = start.clone().reduce(Action::Navigate(start.route.clone()));
        assert!(Rc::ptr_eq(&start, &again));
    }
}

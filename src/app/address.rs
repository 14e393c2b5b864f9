//! The address bar follows the learner: the place they are (the mode, and in the tutorial
//! the lesson) is the fragment (`#mode=tutorial&lesson=04-your-own-key-producer`), each new
//! place a history entry, so Back and Forward move between the places they went and a
//! reload stays where they were. Back and Forward, and a link typed or pasted into the
//! page's address, come back as `popstate`: a place is restored; a link's scenario is opened
//! beside the saved work (`state/link_view.rs`), and a link that cannot be read only says
//! so. Inside another page (embed) the address is the embedding page's and left alone.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::link::{Link, LinkError};
use super::state::{Action, Mode, Notice, State};
use super::{runner, web};

/// A place: the mode, and the lesson when it is the tutorial.
type Place = (Mode, Option<String>);

fn place_of(s: &State) -> Place {
    let lesson = s.lesson.clone().filter(|_| s.mode == Mode::Tutorial);
    (s.mode, lesson)
}

/// The fragment of a place.
pub fn place_fragment((mode, lesson): &Place) -> String {
    Link {
        mode: Some(*mode),
        lesson: lesson.clone(),
        ..Link::default()
    }
    .to_fragment()
}

/// Whether the address already shows this place (and, unless a link's scenario is shown
/// over the saved work, no scenario of a link no longer shown).
fn shows(address: &Link, place: &Place, link_view: bool) -> bool {
    address.mode == Some(place.0)
        && (place.0 != Mode::Tutorial || address.lesson == place.1)
        && (address.scenario.is_none() || link_view)
}

/// How the address moves from the place `last` written to `next`: a new entry for a new
/// place; the same entry when only what the address already held is made exact (the first
/// place, the lesson becoming known, a link's scenario no longer shown).
fn replaces(last: Option<&Place>, next: &Place) -> bool {
    match last {
        None => true,
        Some((mode, lesson)) => *mode == next.0 && (lesson.is_none() || *lesson == next.1),
    }
}

#[hook]
pub(super) fn use_address(state: &UseReducerHandle<State>) {
    let last: Rc<RefCell<Option<Place>>> = use_mut_ref(|| None);
    let embed = state.embed;
    let place = place_of(state);
    let link_view = state.aside.is_some();
    use_effect_with(
        (place, link_view, embed),
        move |(place, link_view, embed)| {
            if *embed {
                return;
            }
            let address = Link::parse(&web::fragment());
            if !shows(&address, place, *link_view) {
                let fragment = place_fragment(place);
                if replaces(last.borrow().as_ref(), place) {
                    web::replace_fragment(&fragment);
                } else {
                    web::push_fragment(&fragment);
                }
            }
            *last.borrow_mut() = Some(place.clone());
        },
    );
    let guard: Rc<RefCell<Option<web::Guard>>> = use_mut_ref(|| None);
    let dispatch = state.dispatcher();
    use_effect_with(embed, move |embed| {
        if !*embed {
            let cb = Callback::from(move |fragment: String| arrive(&dispatch, &fragment));
            *guard.borrow_mut() = web::on_popstate(cb);
        }
    });
}

/// The address changed under the page (Back, Forward, a link opened in it).
fn arrive(dispatch: &UseReducerDispatcher<State>, fragment: &str) {
    let link = Link::parse(fragment);
    match link.scenario {
        Some(Ok(doc)) => match runner::validate(&doc) {
            Ok(()) => dispatch.dispatch(Action::OpenLink {
                scenario: doc,
                seed: link.seed,
            }),
            // Nothing else of a link that cannot be used is applied.
            Err(e) => {
                return dispatch.dispatch(Action::Notify(Notice::BadLinkScenario(e.located())))
            }
        },
        Some(Err(LinkError::Future(v))) => {
            return dispatch.dispatch(Action::Notify(Notice::FutureLink(v)))
        }
        Some(Err(LinkError::Broken(why))) => {
            return dispatch.dispatch(Action::Notify(Notice::BadLink(why)))
        }
        None => {}
    }
    if link.mode.is_some() || link.lesson.is_some() {
        dispatch.dispatch(Action::GoPlace {
            mode: link.mode,
            lesson: link.lesson,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_place_is_a_new_entry_and_a_known_one_is_made_exact() {
        let tutorial = |l: Option<&str>| (Mode::Tutorial, l.map(str::to_string));
        assert!(replaces(None, &(Mode::Sandbox, None)), "the first place");
        assert!(
            replaces(Some(&tutorial(None)), &tutorial(Some("01"))),
            "the lesson becomes known"
        );
        assert!(
            !replaces(Some(&tutorial(Some("01"))), &tutorial(Some("02"))),
            "another lesson"
        );
        assert!(
            !replaces(Some(&tutorial(Some("01"))), &(Mode::Sandbox, None)),
            "another mode"
        );
        let address = Link::parse(&place_fragment(&tutorial(Some("04-x"))));
        assert!(shows(&address, &tutorial(Some("04-x")), false));
        assert!(!shows(&address, &tutorial(Some("05-y")), false));
        assert!(!shows(&address, &(Mode::Sandbox, None), false));
        // A link's scenario stays in the address only while it is shown.
        let link = Link::parse("s=v1.e30&mode=sandbox");
        assert!(shows(&link, &(Mode::Sandbox, None), true));
        assert!(!shows(&link, &(Mode::Sandbox, None), false));
    }
}

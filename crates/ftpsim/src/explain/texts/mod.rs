//! The teaching texts, one table per group of classes. Every registry entry
//! has exactly one row here, in both languages (a test checks it).

mod negative_and_protected_replies;
mod positive_replies;

use super::{Texts, Translated};

/// Teaching texts for one meaning of one code.
#[derive(Debug)]
pub(crate) struct Teaching {
    pub code: u16,
    /// The RFC whose meaning of the code these texts teach.
    pub rfc: u16,
    pub texts: Translated<Texts>,
}

pub(crate) fn find(code: u16, rfc: u16) -> Option<&'static Teaching> {
    positive_replies::TEACHING
        .iter()
        .chain(negative_and_protected_replies::TEACHING)
        .find(|t| t.code == code && t.rfc == rfc)
}

#[cfg(test)]
pub(crate) fn all() -> impl Iterator<Item = &'static Teaching> {
    positive_replies::TEACHING
        .iter()
        .chain(negative_and_protected_replies::TEACHING)
}

//! Custom hooks.

pub mod use_simulations;
pub mod use_url_sync;

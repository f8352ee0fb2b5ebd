//! Custom hooks.

pub mod use_url_sync;

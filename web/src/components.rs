//! The views and their parts: one component per file, props in, callbacks out.

pub mod app;
pub mod code_field;
pub mod code_page;
pub mod codes_list;
pub mod compare_view;
pub mod site_header;

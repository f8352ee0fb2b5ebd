//! The views and their parts: one component per file, props in, callbacks out.

pub mod app;
pub mod code_field;
pub mod code_page;
pub mod codes_list;
pub mod compare_view;
pub mod diagnose_view;
pub mod reader_view;
pub mod reading_app;
pub mod reading_host;
pub mod ready_picker;
pub mod run_progress;
pub mod scenario_form;
pub mod servers_view;
pub mod sim_results;
pub mod simulator_view;
pub mod site_header;
pub mod sizing_view;
pub mod timeline_chart;
pub mod transcript_view;

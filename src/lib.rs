//! Envelope Lab's web app: Yew components and browser glue over the engine crate
//! (`envelope_lab`, in `engine/`). No AWS rule is decided here: the components render what
//! the engine produces (through `app/runner.rs`) and turn edits into a new scenario
//! (`app/state/`). See docs/ARCHITECTURE.md ("The web app") for the folders.
//!
//! Web-specific code (DOM, storage, postMessage, timers) lives in `app/web.rs`, inert
//! natively, so the components also render on the server for the native tests.

mod app;
pub mod cfn_dialog;
pub mod cfn_work;
mod editors;
pub mod esdk_client;
pub mod esdk_wire;
mod fixes;
pub mod goal_work;
pub mod i18n;
mod playground;
mod sandbox;
mod settings;
mod simulator;
mod step;
mod timeline;
pub mod tools_client;
pub mod tools_work;
pub mod tutorial;
mod worker_link;
pub mod worker_wire;

// The crate's public paths stay flat (the native tests, the CloudFormation worker and
// embedding code name them), and so do the paths the tutorial, the Fix tab and the
// CloudFormation dialog are written against (`crate::state`, `crate::web`, …).
pub(crate) use app::web;
pub use app::{dialog, embed, link, runner, state, storage, view};
pub use app::{share_link, App, AppProps, Ctx, NARROW_QUERY};
pub(crate) use editors::policy_editor;
pub use sandbox::presets;
pub use timeline::virtual_list;

pub use editors::code_area::CodeArea;
pub use editors::policy_editor::{check_policy, error_context, PolicyEditor};
pub use envelope_lab::sim::view::{estimate, Estimate};
pub use i18n::{Lang, T};
pub use playground::{build_request, examples, Playground};
pub use runner::RunHandle;
pub use simulator::diagram::{Diagram, DiagramView, Stage};
pub use simulator::panels::reader_roles;
pub use state::{Action, Mode, Notice, Selection, State};
pub use step::authz::{rule_text, AuthorizationView};
pub use step::eval_path::PathState;
pub use timeline::row_html;
pub use virtual_list::VirtualList;

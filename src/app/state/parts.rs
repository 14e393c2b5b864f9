//! What the state is made of besides the scenario: the mode, the selected diagram element,
//! the side panel, the open step's tab, the document a fix opened ("Show me"), notices, and
//! the engine's view choices it keeps (filter, scale, encoding).

use std::rc::Rc;

use serde_json::Value;

use envelope_lab::text::Text;

/// The three modes of the top bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Mode {
    Tutorial,
    #[default]
    Sandbox,
    Playground,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Tutorial, Mode::Sandbox, Mode::Playground];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Tutorial => "tutorial",
            Mode::Sandbox => "sandbox",
            Mode::Playground => "playground",
        }
    }

    pub fn from_code(code: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// What the inspector shows: a diagram element's settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    Producer,
    Stream,
    Firehose,
    Bucket,
    /// A KMS key by its scenario name.
    Key(String),
    /// An IAM role by name.
    Role(String),
    /// The whole scenario as JSON.
    Scenario,
}

/// Side panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Panel {
    Objects,
    Logs,
    Cost,
    /// Who can read the plaintext (roles × stream, Firehose, S3).
    Plaintext,
}

/// Tabs of an expanded timeline row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    Request,
    Authorization,
    /// The verified fixes of a failed step (the engine's `Simulation::fixes_for`).
    Fix,
    Envelope,
    CloudTrail,
}

/// Which steps the timeline shows (the engine's filter).
pub use envelope_lab::sim::view::RowFilter;

/// A document a fix changes, opened in its editor by "Show me": the scenario pointer of
/// the document (the editor showing it), the pointer of the statement to highlight, and
/// while not yet applied, the whole scenario with the fix applied (the editor shows that
/// document read-only, with Apply and Discard).
#[derive(Clone, Debug, PartialEq)]
pub struct Spotlight {
    /// Pointer of the document in the scenario (`/keys/0/policy`).
    pub pointer: String,
    /// Pointer of the new or changed statement (`/keys/0/policy/Statement/1`), if any.
    pub statement: Option<String>,
    /// The scenario with the fix applied, until it is applied or discarded.
    pub preview: Option<Rc<Value>>,
    /// The undo label of the fix (in the UI language when it was chosen).
    pub label: String,
}

/// A message shown above the workspace until dismissed. Reasons are kept in both
/// languages so the notice follows a change of UI language.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    BadLink(Text),
    FutureLink(u32),
    BadLinkScenario(Text),
    StorageCorrupt(Text),
    ImportFailed(Text),
    ExportFailed(Text),
    Imported,
    LinkCopied,
    LinkReady,
    EngineError(Text),
    /// The scenario shown came from a link; the saved work is kept aside.
    LinkOpened,
}

/// The scale the cost estimate uses (the engine's).
pub use envelope_lab::sim::view::Scale;

/// Play speeds offered, in steps per second.
pub const SPEEDS: [u32; 5] = [1, 2, 5, 20, 100];

/// How key bytes are written in the Envelope tab (the engine's).
pub use envelope_lab::sim::view::Encoding;

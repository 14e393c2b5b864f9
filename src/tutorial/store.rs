//! Progress in localStorage (the engine's [`Progress`] document).

use crate::web;
use envelope_lab::lessons::progress::{Progress, STORAGE_KEY};

/// Reads saved progress; a missing or corrupt document gives empty progress.
pub fn load() -> Progress {
    match web::storage_get(STORAGE_KEY) {
        Ok(Some(text)) => Progress::import(&text).unwrap_or_else(|_| Progress::new()),
        _ => Progress::new(),
    }
}

/// Saves progress.
pub fn save(p: &Progress) {
    web::storage_set(STORAGE_KEY, &p.export());
}

//! CLI command logic (filled in below).

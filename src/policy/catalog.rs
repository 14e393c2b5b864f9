//! Service action and condition-key tables (filled in below).

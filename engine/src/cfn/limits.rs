//! Bounds on what one import may read and compute, so no upload can hang or exhaust the
//! page: a file, the upload, nesting, alias expansion and the strings functions build.

/// Bytes of one template file (CloudFormation's quotas: 1 MB for a template in an S3 object,
/// 51,200 bytes for a template body in the request).
pub const FILE_BYTES: usize = 1 << 20;
/// Files in one upload.
pub const FILES: usize = 32;
/// Nesting of YAML collections in one file.
pub const DEPTH: usize = 64;
/// Values (nodes) one file may expand to, aliases included.
pub const NODES: usize = 200_000;
/// Scalar bytes one file may expand to, aliases included.
pub const EXPANDED_BYTES: usize = 4 << 20;
/// Bytes of strings and values the intrinsic functions of a whole import may produce.
pub const EVAL_BYTES: usize = 16 << 20;
/// Levels of nested stacks (the root is level 0).
pub const NESTING: usize = 8;
/// Resources in one template (CloudFormation's quota).
pub const RESOURCES: usize = 500;
/// Conditions in one template.
pub const CONDITIONS: usize = 500;
/// Stacks in one import (roots and nested).
pub const STACKS: usize = 64;

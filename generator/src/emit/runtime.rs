//! The runtime: the source files that are the same in every generated crate, copied verbatim
//! from `generator/runtime/src/`, where they are compiled, linted and unit-tested as the
//! `client-runtime` crate.
//!
//! Only files a crate uses are copied: the generated `types.rs` and `client.rs` declare
//! exactly these modules (see `support.rs` and `client/mod.rs` beside this file).

use crate::ir::{BodyNeeds, Needs};

/// One runtime file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeFile {
    /// Its path below the generated crate's `src/`, the same as below `generator/runtime/src/`.
    pub path: &'static str,
    /// Its module name, as its parent declares it.
    pub module: &'static str,
    /// Its text.
    pub text: &'static str,
}

macro_rules! runtime_file {
    ($dir:literal, $module:literal) => {
        RuntimeFile {
            path: concat!($dir, "/", $module, ".rs"),
            module: $module,
            text: include_str!(concat!("../../runtime/src/", $dir, "/", $module, ".rs")),
        }
    };
}

/// `Nullable<T>`, for properties whose absence and `null` differ.
pub const NULLABLE: RuntimeFile = runtime_file!("types", "nullable");
/// The visitor behind open enums.
pub const OPEN_ENUM: RuntimeFile = runtime_file!("types", "open_enum_visitor");
/// `Base64Bytes`, for `format: byte`.
pub const BASE64_BYTES: RuntimeFile = runtime_file!("types", "base64_bytes");
/// The value of a constant type, for `const` and one-value `enum` schemas.
pub const CONSTANT: RuntimeFile = runtime_file!("types", "constant");

/// The decoding helpers of open tagged unions.
pub const OPEN_UNION: RuntimeFile = runtime_file!("types", "open_union");
/// `Timestamp`, for `format: date-time`.
pub const TIMESTAMP: RuntimeFile = runtime_file!("types", "timestamp");
/// `WebhookError`, for the `webhooks` module.
pub const WEBHOOK_ERROR: RuntimeFile = runtime_file!("types", "webhook_error");

/// The client runtime, in the order `client.rs` declares its modules.
pub const CLIENT: [RuntimeFile; 10] = [
    runtime_file!("client", "builder"),
    runtime_file!("client", "call"),
    runtime_file!("client", "encode"),
    runtime_file!("client", "envelope"),
    runtime_file!("client", "error"),
    runtime_file!("client", "headers"),
    runtime_file!("client", "retry"),
    runtime_file!("client", "secrets"),
    runtime_file!("client", "send"),
    runtime_file!("client", "trace"),
];

/// Whether a crate with these body needs uses a runtime file.
pub type UsedBy = fn(&BodyNeeds) -> bool;

/// Client runtime files only some crates get: one per body kind beyond JSON, in module order,
/// each with whether a crate with these body needs uses it.
pub const CLIENT_BODIES: [(RuntimeFile, UsedBy); 7] = [
    (runtime_file!("client", "download"), |n| n.download),
    (runtime_file!("client", "form"), |n| n.form),
    (runtime_file!("client", "json_lines"), |n| n.json_lines),
    (runtime_file!("client", "multipart"), |n| n.multipart),
    (runtime_file!("client", "sse"), |n| n.event_stream),
    (runtime_file!("client", "sse_frame"), |n| n.event_stream),
    (runtime_file!("client", "upload"), |n| n.upload),
];

/// The optional client runtime files a crate with these body needs uses, in module order.
pub fn body_files(needs: &BodyNeeds) -> Vec<RuntimeFile> {
    CLIENT_BODIES
        .iter()
        .filter(|(_, used)| used(needs))
        .map(|(file, _)| *file)
        .collect()
}

/// Every runtime file, whether or not a given crate uses it.
pub fn all() -> Vec<RuntimeFile> {
    let mut out = vec![
        BASE64_BYTES,
        CONSTANT,
        NULLABLE,
        OPEN_ENUM,
        OPEN_UNION,
        TIMESTAMP,
        WEBHOOK_ERROR,
    ];
    out.extend(CLIENT);
    out.extend(CLIENT_BODIES.iter().map(|(file, _)| *file));
    out
}

/// The support types a crate with these needs uses, in module order.
pub fn support_files(needs: &Needs) -> Vec<RuntimeFile> {
    [
        (needs.base64, BASE64_BYTES),
        (needs.constants, CONSTANT),
        (needs.nullable, NULLABLE),
        (needs.enums, OPEN_ENUM),
        (needs.tagged_unions, OPEN_UNION),
        // With `date` alone the type goes unused, which costs nothing: chrono is there anyway.
        (needs.chrono, TIMESTAMP),
        (needs.webhooks, WEBHOOK_ERROR),
    ]
    .into_iter()
    .filter_map(|(used, file)| used.then_some(file))
    .collect()
}

/// Every runtime file a crate with these needs gets.
pub fn files(needs: &Needs, has_client: bool) -> Vec<RuntimeFile> {
    let mut out = support_files(needs);
    if has_client {
        out.extend(CLIENT);
        out.extend(body_files(&needs.bodies));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every runtime source file is shipped, and nothing else from that folder is: a file
    /// added to the runtime but not listed here would compile and pass its tests there and
    /// be missing from every generated crate.
    #[test]
    fn every_runtime_file_is_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk = Vec::new();
        for dir in ["types", "client"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let name = entry.unwrap().file_name().into_string().unwrap();
                // The runtime's own tests stay in the runtime crate.
                if name != "tests" {
                    on_disk.push(format!("{dir}/{name}"));
                }
            }
        }
        on_disk.sort();
        let mut listed: Vec<String> = all().iter().map(|f| f.path.to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn files_say_where_they_come_from() {
        for file in all() {
            let origin = format!("`generator/runtime/src/{}`", file.path);
            assert!(file.text.starts_with("//! "), "{}", file.path);
            assert!(
                file.text.replace("\n//! ", " ").contains(&origin),
                "{} must name {origin}",
                file.path
            );
        }
    }
}

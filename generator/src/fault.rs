//! Test-only fault injection, compiled only with the `fault-injection` cargo feature (which
//! the integration tests turn on; the `xtask` tool and any other user never do): a spec whose
//! root has `x-codegen-fault: <load|lower|emit|render|unparsable>` makes that stage panic, or
//! for `unparsable` makes emit produce tokens that do not parse. The test suite uses it to prove
//! that each stage's bugs are reported as bugs, with their own exit code.

use crate::error::Stage;
use crate::guard;

/// The fault a spec asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Panic in the given stage.
    Panic(Stage),
    /// Emit tokens that are not Rust.
    Unparsable,
}

/// The root extension that selects a fault.
const KEY: &str = "x-codegen-fault";

/// The fault the spec in `bytes` asks for, if any.
pub(crate) fn planned(bytes: &[u8]) -> Option<Fault> {
    let value = crate::load::parse_value(bytes).ok()?;
    Some(match value.get(KEY)?.as_str()? {
        "load" => Fault::Panic(Stage::Load),
        "lower" => Fault::Panic(Stage::Lower),
        "emit" => Fault::Panic(Stage::Emit),
        "render" => Fault::Panic(Stage::Render),
        "unparsable" => Fault::Unparsable,
        _ => return None,
    })
}

/// Panics if `fault` is a panic in `stage`. Load has no node of its own to record, so it
/// records the extension's; later stages keep what the stage itself recorded.
pub(crate) fn trip(fault: Option<Fault>, stage: Stage) {
    if fault == Some(Fault::Panic(stage)) {
        if stage == Stage::Load {
            guard::processing("/x-codegen-fault");
        }
        panic!("injected fault in {stage}");
    }
}

/// Tokens that do not parse as a Rust file, appended when the spec asks for them.
pub(crate) fn garble(fault: Option<Fault>, tokens: &mut proc_macro2::TokenStream) {
    if fault == Some(Fault::Unparsable) {
        tokens.extend(quote::quote! { fn 1() {} });
    }
}

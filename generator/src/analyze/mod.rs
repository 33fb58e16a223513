//! Stage 2b, `analyze`: crate-wide questions answered once over the lowered [`Api`], their
//! answers stored in the IR so that `emit` only prints: which dependencies the crate needs,
//! where request bodies hold secrets, and which error bodies the crate's `ErrorBody` has.

mod errors;
mod needs;
mod secrets;

use crate::ir::{Api, BodyKind};

pub(crate) use errors::{accessor, REQUEST_ID_WIRES};

/// Fills the analysis fields of `api` (`needs`, `error_bodies`, body `secret_paths`).
pub fn analyze(api: &mut Api) {
    api.needs = needs::of(api);
    api.error_bodies = errors::variants(api);
    let finder = secrets::Finder::new(&api.models);
    let paths: Vec<_> = api
        .operations
        .iter()
        .map(|op| match op.body.as_ref().map(|b| &b.kind) {
            Some(BodyKind::Json { ty, .. }) => finder.paths(ty),
            Some(BodyKind::Form(form)) => finder.paths(&form.ty),
            _ => Vec::new(),
        })
        .collect();
    for (op, found) in api.operations.iter_mut().zip(paths) {
        match op.body.as_mut().map(|b| &mut b.kind) {
            Some(BodyKind::Json { secret_paths, .. }) => *secret_paths = found,
            Some(BodyKind::Form(form)) => form.secret_paths = found,
            _ => {}
        }
    }
}

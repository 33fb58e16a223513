//! Runs pipeline stages so that a panic inside the generator becomes a generator-bug error
//! naming the stage and the JSON pointer being processed: never a crash of the caller, and
//! never a message blaming the spec.
//!
//! Code that walks the spec records the node it is on with [`processing`]; the record is per
//! thread and costs one string copy into a reused buffer.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{Error, Result, Stage};

thread_local! {
    /// The escaped JSON pointer of the node this thread last said it works on.
    static CURRENT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records that this thread is now processing the node at `pointer` (escaped pointer text), so
/// a panic from here on is reported at that node.
pub fn processing(pointer: &str) {
    CURRENT.with(|c| {
        if let Ok(mut current) = c.try_borrow_mut() {
            current.clear();
            current.push_str(pointer);
        }
    });
}

fn current() -> String {
    CURRENT.with(|c| c.try_borrow().map(|s| s.clone()).unwrap_or_default())
}

/// Runs `f` as (part of) `stage` on this thread; a panic becomes [`Error::bug`] at the node
/// last recorded with [`processing`].
pub fn catch<T>(stage: Stage, f: impl FnOnce() -> Result<T>) -> Result<T> {
    processing("");
    // Unwind safety: after a panic nothing `f` touched is used again; the error is all that
    // leaves this function.
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::bug(stage, current(), panicked(payload.as_ref()))))
}

/// The message of a caught panic.
fn panicked(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned());
    match message {
        Some(m) => format!("panicked: {}", m.replace('\n', " ")),
        None => "panicked".to_owned(),
    }
}

/// Stack for decoding the document into `openapiv3` types and for lowering: serde's untagged
/// enums take several large frames per level, so the parser's 128 levels need about 3 MiB in a
/// debug build, more than a 2 MiB test or worker thread has. Only touched pages are committed.
const BIG_STACK: usize = 64 << 20;

/// Runs `f` as `stage` on a thread with [`BIG_STACK`] of stack (or here, if no thread can be
/// made), catching panics as [`catch`] does.
pub(crate) fn on_big_stack<T: Send>(
    stage: Stage,
    f: impl FnOnce() -> Result<T> + Send,
) -> Result<T> {
    let f = std::sync::Mutex::new(Some(f));
    let run = || {
        let f = f.lock().ok().and_then(|mut g| g.take());
        f.map(|f| catch(stage, f))
    };
    let spawned = std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(BIG_STACK)
            .spawn_scoped(s, run)
            .map(|h| h.join())
    });
    let outcome = match spawned {
        Ok(Ok(outcome)) => outcome,
        // `catch` already turned panics into errors; one escaping it is still ours.
        Ok(Err(payload)) => Some(Err(Error::bug(stage, "", panicked(payload.as_ref())))),
        Err(_) => run(),
    };
    outcome.unwrap_or_else(|| Err(Error::bug(stage, "", "the stage's closure was taken twice")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_bug_at_the_recorded_node() {
        let err = catch(Stage::Emit, || -> Result<()> {
            processing("/components/schemas/A~1B");
            panic!("boom\nsecond line");
        })
        .expect_err("panicked");
        assert!(err.is_bug());
        assert_eq!(err.pointer.as_str(), "/components/schemas/A~1B");
        assert_eq!(
            err.to_string(),
            "at /components/schemas/A~1B: generator bug during emit: panicked: boom second \
             line. This is not a problem with your spec; please report it with the spec attached"
        );
    }

    #[test]
    fn a_panic_on_the_big_stack_is_caught_there() {
        let err = on_big_stack(Stage::Lower, || -> Result<()> {
            processing("/paths/~1a");
            panic!("{}", String::from("owned message"));
        })
        .expect_err("panicked");
        assert_eq!(err.pointer.as_str(), "/paths/~1a");
        assert!(
            err.to_string()
                .contains("during lower: panicked: owned message"),
            "{err}"
        );
        // Each run starts at the root, not at the last run's node.
        let fine = on_big_stack(Stage::Lower, || Ok(current()));
        assert_eq!(fine.ok().as_deref(), Some(""));
    }
}

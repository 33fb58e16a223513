//! The Prism mock server for the contract tests: on a free port on 127.0.0.1, in a process
//! group of its own, and killed with that whole group however `xtask` ends: on return, on a
//! panic (drop), and on Ctrl-C or SIGTERM (a signal handler), so no `node` is left behind.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// The process group of the running mock, for the signal handler (0: none).
static GROUP: AtomicI32 = AtomicI32::new(0);

/// A running mock; dropping it kills its process group.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

/// A port nothing listened on a moment ago: the OS picks it for a bind to port 0.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot bind 127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// Kills every process in `group` (Prism is `node` plus what it starts).
fn kill_group(group: i32) {
    if group > 0 {
        // SAFETY: kill(2) with a negative pid signals that process group; no memory is shared.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
}

extern "C" fn on_signal(signal: libc::c_int) {
    // Only async-signal-safe calls here: an atomic load, kill, signal and raise.
    kill_group(GROUP.load(Ordering::SeqCst));
    // SAFETY: restores the default action and re-raises, so xtask ends as the signal says.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// Makes Ctrl-C (SIGINT) and SIGTERM kill the mock's group before xtask goes.
fn install_handlers() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: `on_signal` only makes async-signal-safe calls.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

impl Prism {
    /// Starts `prism mock --errors spec` and waits until it accepts connections.
    pub fn start(root: &Path, spec: &str) -> Result<Self> {
        let port = free_port()?;
        let log_path = root.join("target/prism.log");
        let log = std::fs::File::create(&log_path)
            .with_context(|| format!("cannot create {}", log_path.display()))?;
        install_handlers();
        let child = Command::new(root.join("node_modules/.bin/prism"))
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--errors", spec])
            .current_dir(root)
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .stdin(Stdio::null())
            // Its own group: the group can be killed whole, and a terminal's Ctrl-C reaches
            // xtask's handler rather than racing it.
            .process_group(0)
            .spawn()
            .context("cannot start prism")?;
        let group = i32::try_from(child.id()).context("process id out of range")?;
        GROUP.store(group, Ordering::SeqCst);
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(st) = prism.child.try_wait()? {
                bail!("prism exited ({st}) before listening; see target/prism.log");
            }
            if Instant::now() > deadline {
                bail!("prism did not start within 60 s; see target/prism.log");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(prism)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = GROUP.swap(0, Ordering::SeqCst);
        kill_group(group);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

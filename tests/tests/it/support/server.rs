//! A scripted HTTP/1.1 server for the client tests: answers the n-th request as a script
//! says, counts requests and keeps what was sent; free ports; client option builders.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sphere_api::client::Auth;
use sphere_api::{Client, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the n-th request (counting from 0).
pub enum Answer {
    /// Writes these bytes and closes the connection.
    Raw(Vec<u8>),
    /// Reads the request and never answers.
    Hang,
    /// Writes these pieces one at a time, flushing and pausing after each, so the client
    /// reads them as separate chunks; then closes the connection.
    Pieces(Vec<Vec<u8>>, Duration),
    /// Writes `head`, then each piece `next` gives until it gives `None`; stops early when
    /// the client has gone (and `closed` then reports it).
    Stream {
        /// The status line and headers.
        head: Vec<u8>,
        /// The next piece of the body.
        next: Box<dyn FnMut() -> Option<Vec<u8>> + Send>,
        /// Set when a write fails because the client closed the connection.
        closed: Arc<std::sync::atomic::AtomicBool>,
    },
}

#[derive(Clone, Debug)]
pub struct Seen {
    /// Request line and headers.
    pub head: String,
    /// The body, as text.
    pub body: String,
    /// The body's bytes (a chunked body decoded).
    pub bytes: Vec<u8>,
}

impl Seen {
    /// A request header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A scripted HTTP server on 127.0.0.1 that counts and keeps the requests it answers.
pub struct Mock {
    /// Its base URL.
    pub url: String,
    hits: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Mock {
    /// Starts a server that answers request `n` with `script(n, &request)`.
    pub async fn start(script: impl Fn(usize, &Seen) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let hits = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let (h, s) = (hits.clone(), seen.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (h, s, script) = (h.clone(), s.clone(), script.clone());
                tokio::spawn(async move {
                    let Some(request) = read_request(stream).await else {
                        return;
                    };
                    let (mut stream, seen) = request;
                    let n = h.fetch_add(1, Ordering::SeqCst);
                    s.lock().expect("lock").push(seen.clone());
                    match script(n, &seen) {
                        Answer::Raw(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.shutdown().await;
                        }
                        Answer::Hang => {
                            tokio::time::sleep(Duration::from_secs(60)).await;
                            drop(stream);
                        }
                        Answer::Pieces(pieces, pause) => {
                            for piece in pieces {
                                if stream.write_all(&piece).await.is_err() {
                                    return;
                                }
                                let _ = stream.flush().await;
                                tokio::time::sleep(pause).await;
                            }
                            let _ = stream.shutdown().await;
                        }
                        Answer::Stream {
                            head,
                            mut next,
                            closed,
                        } => {
                            let mut ok = stream.write_all(&head).await.is_ok();
                            while ok {
                                let Some(piece) = next() else { break };
                                ok = stream.write_all(&piece).await.is_ok()
                                    && stream.flush().await.is_ok();
                            }
                            if !ok {
                                closed.store(true, Ordering::SeqCst);
                            }
                            let _ = stream.shutdown().await;
                        }
                    }
                });
            }
        });
        Self { url, hits, seen }
    }

    /// Requests answered so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// The requests answered so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// A client for this server, sending `token`, with the given retry policy.
    pub fn client(&self, token: &str, retry: RetryPolicy) -> Client {
        Client::builder()
            .base_url(&self.url)
            .auth(Auth::BearerAuth(token.into()))
            .timeout(Duration::from_secs(5))
            .retry_policy(retry)
            .build()
            .expect("client builds")
    }
}

/// Reads one request head and its `Content-Length` body, bounded in size and time.
async fn read_request(mut stream: TcpStream) -> Option<(TcpStream, Seen)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let read = async {
        loop {
            if let Some(end) = find(&buf, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                let chunked = head.lines().any(|l| {
                    l.split_once(':').is_some_and(|(k, v)| {
                        k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked")
                    })
                });
                let bytes = match chunked {
                    true => dechunk(&buf[end + 4..]),
                    false => buf.get(end + 4..end + 4 + length).map(<[u8]>::to_vec),
                };
                if let Some(bytes) = bytes {
                    return Some(Seen {
                        head,
                        body: String::from_utf8_lossy(&bytes).into_owned(),
                        bytes,
                    });
                }
            }
            if buf.len() > 8 << 20 {
                return None;
            }
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    };
    let seen = tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()??;
    Some((stream, seen))
}

/// A port that was just free: nothing listens there any more.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// The body of a complete `Transfer-Encoding: chunked` message, or `None` if more is to come.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            // No trailers in these tests: the message ends with an empty line.
            return data.starts_with(b"\r\n").then_some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A raw HTTP/1.1 response.
pub fn http(status: u16, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut out = format!(
        "HTTP/1.1 {status} Status\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    Answer::Raw(out.into_bytes())
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Answer {
    http(status, &[("content-type", "application/json")], body)
}

/// A policy with tiny backoffs, so retried tests stay fast.
pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_secs(3),
        retry_non_idempotent: false,
    }
}

/// Awaits `f`, failing the test if it takes longer than `limit` (a hang must fail, not stall CI).
pub async fn within<T>(limit: Duration, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(limit, f)
        .await
        .expect("the client gave up within the test's time limit")
}

/// Resolves every name to 127.0.0.1:`port` and counts the lookups.
struct Counting {
    port: u16,
    lookups: Arc<AtomicUsize>,
}

impl reqwest::dns::Resolve for Counting {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port));
        Box::pin(async move {
            let addrs: reqwest::dns::Addrs = Box::new(std::iter::once(addr));
            Ok(addrs)
        })
    }
}

/// A reqwest client whose every connection attempt resolves its host name once, through a
/// resolver that counts: the way to count attempts at a port where nothing listens (the
/// client keeps no connection to reuse, so nothing is resolved without a new attempt).
pub fn counting_resolver(port: u16) -> (reqwest::Client, Arc<AtomicUsize>) {
    let lookups = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .dns_resolver(Arc::new(Counting {
            port,
            lookups: lookups.clone(),
        }))
        .build()
        .expect("reqwest client builds");
    (client, lookups)
}

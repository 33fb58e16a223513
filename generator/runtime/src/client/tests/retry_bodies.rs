//! Tests of which request bodies are retried: bytes in memory and files given by path are
//! read again for each attempt (raw uploads and multipart forms alike), while a caller's
//! stream or an open file gets a single attempt. Attempts are counted by a local server
//! that reads each request whole, so every attempt's body can be checked.

use std::sync::{Arc, Mutex};

use super::super::multipart::{FilePart, Form};
use super::super::send::Request;
use super::super::upload::Upload;
use super::super::{Client, Error, RetryPolicy};
use super::sse::StreamOf;

const UNAVAILABLE: &str =
    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// A server answering 503 to every request but the `ok_at`-th (counting from 1), which gets
/// 200; it keeps each request's body, de-chunked.
async fn server(ok_at: usize) -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut seen = Vec::new();
            let mut buf = [0; 8192];
            let body = loop {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break None,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
                if let Some(body) = whole_body(&seen) {
                    break Some(body);
                }
            };
            let n = {
                let mut kept = kept.lock().unwrap();
                kept.push(body.unwrap_or_default());
                kept.len()
            };
            let reply = if n == ok_at { OK } else { UNAVAILABLE };
            let _ = socket.write_all(reply.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, bodies)
}

/// The body of a request read so far, once it is complete.
fn whole_body(seen: &[u8]) -> Option<Vec<u8>> {
    let end = seen.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
    let body = &seen[end..];
    if let Some(length) = head.lines().find_map(|l| l.strip_prefix("content-length:")) {
        let length: usize = length.trim().parse().ok()?;
        return (body.len() >= length).then(|| body[..length].to_vec());
    }
    if !head.contains("transfer-encoding: chunked") {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let line = rest.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..line]).ok()?.trim(), 16).ok()?;
        rest = &rest[line + 2..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            initial_backoff: std::time::Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

/// Sends a PUT with `upload` as its body: the final status and every attempt's body.
async fn put(upload: Upload, ok_at: usize) -> (Result<u16, Error>, Vec<Vec<u8>>) {
    let (url, bodies) = server(ok_at).await;
    let mut request = Request::new(reqwest::Method::PUT, "/file".into());
    request.upload_body("application/octet-stream", upload);
    let status = client(&url).send(request, &[]).await.map(|r| r.status);
    let bodies = bodies.lock().unwrap().clone();
    (status, bodies)
}

fn temp_file(name: &str, content: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("runtime-{}-{name}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path
}

#[tokio::test(flavor = "current_thread")]
async fn bytes_are_sent_again_with_each_attempt() {
    let (status, bodies) = put(Upload::bytes(&b"scan"[..]), 3).await;
    assert_eq!(status.unwrap(), 200);
    assert_eq!(bodies, vec![b"scan".to_vec(); 3]);
    // A content type of the caller's own used to make the body send-once.
    let (status, bodies) = put(
        Upload::bytes(&b"scan"[..]).with_content_type("image/png"),
        3,
    )
    .await;
    assert_eq!(status.unwrap(), 200);
    assert_eq!(bodies, vec![b"scan".to_vec(); 3]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_file_given_by_path_is_read_again_for_each_attempt() {
    let content: Vec<u8> = (0..100_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let path = temp_file("upload.bin", &content);
    let (status, bodies) = put(Upload::path(&path), 2).await;
    std::fs::remove_file(&path).unwrap();
    assert_eq!(status.unwrap(), 200);
    assert_eq!(bodies.len(), 2);
    assert!(
        bodies.iter().all(|b| *b == content),
        "every attempt sends the whole file"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_missing_file_fails_before_anything_is_sent() {
    let path = std::env::temp_dir().join("runtime-no-such-file.bin");
    let (status, bodies) = put(Upload::path(&path), 1).await;
    match status {
        Err(Error::Encode(message)) => assert!(
            message.starts_with(&format!(
                "the upload file {} could not be opened: ",
                path.display()
            )),
            "{message}"
        ),
        other => panic!("expected an encoding error, got {other:?}"),
    }
    assert!(bodies.is_empty());
}

#[tokio::test(flavor = "current_thread")]
async fn streams_and_open_files_get_one_attempt() {
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> =
        vec![Ok("str".into()), Ok("eam".into())];
    let stream = StreamOf(chunks.into_iter());
    let (status, bodies) = put(Upload::stream(stream), 3).await;
    assert_eq!(status.unwrap(), 503);
    assert_eq!(bodies, vec![b"stream".to_vec()]);

    let path = temp_file("open.bin", b"opened");
    let file = tokio::fs::File::open(&path).await.unwrap();
    let (status, bodies) = put(Upload::file(file), 3).await;
    std::fs::remove_file(&path).unwrap();
    assert_eq!(status.unwrap(), 503);
    assert_eq!(bodies, vec![b"opened".to_vec()]);
}

/// Sends a PUT with a multipart body of a text part and `file`: final status and bodies.
async fn put_form(file: FilePart, ok_at: usize) -> (u16, Vec<String>) {
    let (url, bodies) = server(ok_at).await;
    let mut request = Request::new(reqwest::Method::PUT, "/form".into());
    let form = Form::new()
        .text("purpose", &"identity", None)
        .and_then(|f| f.files("file", file, "application/pdf"))
        .unwrap();
    request.multipart_body(form);
    let status = client(&url).send(request, &[]).await.unwrap().status;
    let bodies = bodies.lock().unwrap().clone();
    (
        status,
        bodies
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect(),
    )
}

/// The parts of a multipart body, boundaries left out (each build draws a new one).
fn parts(body: &str) -> Vec<String> {
    let boundary = body.lines().next().unwrap_or_default();
    body.split(boundary).map(str::to_owned).collect()
}

#[tokio::test(flavor = "current_thread")]
async fn multipart_forms_of_bytes_and_paths_are_retried() {
    let expected = vec![
        String::new(),
        "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nidentity\r\n".to_owned(),
        "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n".to_owned(),
        "--\r\n".to_owned(),
    ];
    let (status, bodies) = put_form(
        FilePart::new(&b"%PDF-1.7"[..]).with_file_name("scan.pdf"),
        3,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(bodies.len(), 3);
    for body in &bodies {
        assert_eq!(parts(body), expected);
    }

    let path = temp_file("scan.pdf", b"%PDF-1.7");
    let part = FilePart::new(Upload::path(&path)).with_file_name("scan.pdf");
    let (status, bodies) = put_form(part, 2).await;
    std::fs::remove_file(&path).unwrap();
    assert_eq!(status, 200);
    assert_eq!(bodies.len(), 2);
    for body in &bodies {
        assert_eq!(parts(body), expected);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_multipart_form_with_a_stream_gets_one_attempt() {
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![Ok("%PDF".into())];
    let part = FilePart::new(Upload::stream(StreamOf(chunks.into_iter())));
    let (status, bodies) = put_form(part, 3).await;
    assert_eq!((status, bodies.len()), (503, 1));
}

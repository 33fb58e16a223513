//! `Client` and `ClientBuilder`: where requests go, with which credentials, timeouts, user
//! agent and retry policy.
//!
//! This file is copied verbatim into every generated crate with a client, from
//! `generator/runtime/src/client/builder.rs`, where it is compiled and tested.

use std::time::Duration;

use super::{Auth, Error, RetryPolicy, DEFAULT_BASE_URL};

/// The longest one attempt may take unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest connecting may take unless configured otherwise.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    auth: Vec<Auth>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A caller's own reqwest client may carry default headers with credentials.
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("custom_http_client", &self.http.is_some())
            .field("auth", &self.auth)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            auth: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// Sends requests to `base_url` (for example a mock server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The longest one attempt may take, from connecting to the last byte of the body
    /// (default 30 s). Each retry gets the full time again.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s; ignored with
    /// [`ClientBuilder::http_client`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How failed requests are retried.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots, connection pool).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Adds credentials for one security scheme, replacing earlier ones for the same scheme.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth.retain(|a| a.scheme() != auth.scheme());
        self.auth.push(auth);
        self
    }

    /// Builds the client, or says why the base URL or the HTTP client is unusable.
    pub fn build(self) -> Result<Client, Error> {
        let client = self.build_deferred();
        match &client.http {
            Ok(_) => Ok(client),
            Err(setup) => Err(setup.to_error()),
        }
    }

    /// Builds the client; a setup failure is returned by every call instead of here, so
    /// that constructors like `Client::new` need neither a `Result` nor a panic.
    pub(super) fn build_deferred(self) -> Client {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let http = match reqwest::Url::parse(&base_url) {
            Err(e) => Err(Setup::BaseUrl(format!("{base_url:?}: {e}"))),
            Ok(_) => match self.http {
                Some(http) => Ok(http),
                None => reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .user_agent(self.user_agent.clone())
                    .build()
                    .map_err(|e| Setup::Http(super::error::with_causes(&e))),
            },
        };
        Client {
            http,
            base_url,
            timeout: self.timeout,
            user_agent: self.user_agent,
            retry: self.retry,
            auth: self.auth,
        }
    }
}

/// Why a client cannot send anything.
#[derive(Clone, Debug)]
enum Setup {
    BaseUrl(String),
    Http(String),
}

impl Setup {
    fn to_error(&self) -> Error {
        match self {
            Self::BaseUrl(message) => Error::InvalidBaseUrl(message.clone()),
            Self::Http(message) => Error::Setup(message.clone()),
        }
    }
}

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    http: Result<reqwest::Client, Setup>,
    pub(super) base_url: String,
    pub(super) timeout: Duration,
    pub(super) user_agent: String,
    pub(super) retry: RetryPolicy,
    pub(super) auth: Vec<Auth>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder, starting from the default server with no credentials.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The HTTP client, or the reason there is none.
    pub(super) fn http(&self) -> Result<&reqwest::Client, Error> {
        self.http.as_ref().map_err(Setup::to_error)
    }
}

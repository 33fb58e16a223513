//! Requests the API sends to its users' services: `webhooks` (3.1) and operations'
//! `callbacks`, each with the payload type a receiving service decodes.

use super::{Docs, TypeRef};
use crate::naming::{FieldName, VariantName};

/// One webhook or callback, for one HTTP method.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Its name in the spec: the key under `webhooks`, or the callback's name.
    pub name: String,
    /// The module holding its constants, payload type and parse function (unique).
    pub module: FieldName,
    /// Its variant of the `Webhook` enum (webhooks only; callbacks are not in the enum).
    pub variant: VariantName,
    /// The HTTP method it arrives with, upper case (`POST`).
    pub method: String,
    /// The type of its JSON body; `None` when it declares no JSON body.
    pub payload: Option<TypeRef>,
    /// Its docs: the operation's summary and description.
    pub docs: Docs,
    /// For a callback, the operation that registers it and the URL it is sent to.
    pub callback: Option<CallbackOf>,
    /// Whether `Webhook::parse` decodes this one when given its name: the first method of
    /// each webhook (the others stay reachable through their own modules); never a callback.
    pub dispatched: bool,
}

/// Where a callback comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackOf {
    /// The operation's `operationId`, or its method and path.
    pub operation: String,
    /// The runtime expression that gives the callback's URL (`{$request.body#/url}`).
    pub expression: String,
}

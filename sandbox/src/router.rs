//! Sends each request to the API, the control endpoints, or a 404.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Method, Request, Response};

use crate::api::{self, DropConnection};
use crate::control::{self, method_not_allowed, not_found};
use crate::operation::Operation;
use crate::reply::Reply;
use crate::state::State;
use crate::version::Version;

/// Serves one request; `Err` closes the connection without an answer.
pub async fn route(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    let path = request.uri().path().to_string();
    let reply = if let Some((version, name)) = Version::split(&path) {
        match Operation::from_name(name) {
            None => not_found(),
            Some(_) if request.method() != Method::POST => {
                method_not_allowed().with_header("allow", "POST")
            }
            Some(operation) => api::handle(state, operation, version, request).await?,
        }
    } else if let Some(rest) = path.strip_prefix("/_sandbox/") {
        control::handle(state, rest, request).await
    } else {
        not_found()
    };
    Ok(into_response(reply))
}

fn into_response(reply: Reply) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(reply.status)
        .header("content-type", reply.content_type);
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value.as_str());
    }
    builder.body(Full::new(reply.body)).unwrap_or_else(|_| {
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        response
    })
}

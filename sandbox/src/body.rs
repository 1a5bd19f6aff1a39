//! Reading request bodies with a size bound.

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;

use crate::reply::ApiError;

/// Largest request body accepted (1 MiB).
pub const MAX_BODY: usize = 1024 * 1024;

/// The whole body, or 413 `request_too_large` past [`MAX_BODY`] bytes.
pub async fn read(body: Incoming) -> Result<Bytes, ApiError> {
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => Err(ApiError::new(
            413,
            "request_too_large",
            format!("the request body is larger than {MAX_BODY} bytes"),
        )),
        Err(_) => Err(ApiError::new(
            400,
            "request_body_validation_error",
            "body: could not be read",
        )),
    }
}

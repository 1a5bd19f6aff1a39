//! Request bodies from the command line: JSON text, `@FILE`, or `-` for stdin (so that
//! card data need never be typed on a command line, where other users can see it).

use std::io::Read;

use crate::failure::Failure;

/// Larger than any request body the API takes.
const MAX_BODY_BYTES: u64 = 16 << 20;

/// The text of `argument`: itself, the contents of `@FILE`, or stdin for `-`.
pub fn read(argument: &str) -> Result<String, Failure> {
    let (bytes, from) = if argument == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_BODY_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::invalid(format!("cannot read the body from stdin: {e}")))?;
        (bytes, "stdin".to_owned())
    } else if let Some(path) = argument.strip_prefix('@') {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::invalid(format!("cannot open the body file '{path}': {e}")))?;
        let mut bytes = Vec::new();
        file.take(MAX_BODY_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::invalid(format!("cannot read the body file '{path}': {e}")))?;
        (bytes, format!("the file '{path}'"))
    } else {
        return Ok(argument.to_owned());
    };
    String::from_utf8(bytes)
        .map_err(|_| Failure::invalid(format!("the body in {from} is not UTF-8")))
}

/// The raw bytes of `FILE`, or of stdin for `-` or no file.
pub fn read_bytes(file: Option<&str>) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    match file {
        None | Some("-") => std::io::stdin()
            .take(MAX_BODY_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::invalid(format!("cannot read stdin: {e}")))?,
        Some(path) => std::fs::File::open(path)
            .and_then(|f| f.take(MAX_BODY_BYTES).read_to_end(&mut bytes))
            .map_err(|e| Failure::invalid(format!("cannot read '{path}': {e}")))?,
    };
    Ok(bytes)
}

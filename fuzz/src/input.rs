//! Splitting fuzz inputs into their fields. Seeds stay readable: fields are lines, and
//! the last field is the rest of the input.

/// Splits off the first line (without its `\n`); the rest follows it. An input with no
/// newline is all first line.
pub fn split_line(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// Like [`split_line`], for text; `None` when the first line is not UTF-8.
pub fn split_text_line(data: &[u8]) -> Option<(&str, &[u8])> {
    let (line, rest) = split_line(data);
    std::str::from_utf8(line).ok().map(|line| (line, rest))
}

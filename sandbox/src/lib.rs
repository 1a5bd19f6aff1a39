//! Placeholder until the sandbox lands.

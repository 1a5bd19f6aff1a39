//! The power-loss suite: the crash tests run again on a file system that loses every write
//! not yet fsynced when the power goes ([`lossy_fs`]). See docs/journal.md, "Power loss".
#![cfg(target_os = "linux")]

#[path = "../common/mod.rs"]
mod common;
mod fixed_points;
mod lossy_fs;
#[cfg(test)]
mod lossy_fs_tests;
mod powered_till;
mod random_cuts;

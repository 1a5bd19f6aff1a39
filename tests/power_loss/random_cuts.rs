//! 50 power cuts at random instants of random sales, on one till: after each, a new process
//! recovers and every check of [`PoweredTill::check_after_recovery`] holds over the whole
//! journal. The seed is printed; `SGPAY_POWER_SEED=N` replays a run.

use std::time::Duration;

use crate::powered_till::PoweredTill;

const CUTS: usize = 50;

/// Cards the sandbox settles differently: success, decline, a hold for capture.
const CARDS: &[&str] = &[
    "4242424242424242",
    "5555555555554444",
    "4000000000000002",
    "4000000000009995",
];

/// Longest wait before a cut; a whole sale here takes about this long.
const LATEST_CUT_MS: u64 = 400;

/// xorshift64*: enough to spread cuts, and replayable from its seed.
struct Dice(u64);

impl Dice {
    fn from_env() -> Dice {
        let seed = std::env::var("SGPAY_POWER_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("random power cuts: SGPAY_POWER_SEED={seed}");
        Dice(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

#[test]
fn fifty_cuts_at_random_instants_of_random_sales() {
    let mut dice = Dice::from_env();
    let mut till = PoweredTill::new("random");
    for cut in 0..CUTS {
        let card = CARDS[dice.below(CARDS.len() as u64) as usize];
        let reference = format!("cut-{cut}");
        let mut args = vec!["pay", "--card", card, "--reference", &reference, "--linger"];
        if dice.below(3) == 0 {
            args.push("--manual");
        }
        let payer = till.spawn(&args);
        std::thread::sleep(Duration::from_millis(dice.below(LATEST_CUT_MS)));
        till.cut_power(payer);
        till.recover();
        let entries = till.check_after_recovery();
        assert!(entries.len() <= cut + 1, "{entries:?}");
    }
    assert!(
        till.till.sandbox.session_ids().len() >= CUTS / 2,
        "most cuts came after the first request: the instants cover the sale"
    );
}

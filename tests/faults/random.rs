//! A small seeded pseudo-random generator (xorshift64*), so that a failing run can be replayed
//! with `OVERSIGHT_FAULT_SEED`.

/// The generator.
pub struct Random(u64);

impl Random {
    /// From `OVERSIGHT_FAULT_SEED`, else from the clock; prints the seed.
    pub fn from_env() -> Random {
        let seed = std::env::var("OVERSIGHT_FAULT_SEED")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |elapsed| elapsed.as_nanos() as u64)
            });
        println!("fault seed: OVERSIGHT_FAULT_SEED={seed}");
        Random(seed.max(1))
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

//! A small seedable random number generator (SplitMix64), so that a corpus is the same on every
//! machine and after every dependency upgrade.

/// SplitMix64: fast, statistically adequate for text generation, trivially reproducible.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for item `index` of a run seeded with `seed`, so that items can be
    /// generated in any order (and in parallel) with the same result.
    pub fn for_item(seed: u64, index: u64) -> Rng {
        let mut mixer = Rng::new(seed ^ index.wrapping_mul(GOLDEN_GAMMA).rotate_left(17));
        Rng::new(mixer.next_u64() ^ index)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        debug_assert!(bound > 0);
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `probability`.
    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }
}

/// The SplitMix64 finaliser; also a good 64-bit hash of an integer.
pub fn mix(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut left = Rng::for_item(7, 3);
        let mut right = Rng::for_item(7, 3);
        assert_eq!(left.next_u64(), right.next_u64());
        assert_ne!(
            Rng::for_item(7, 3).next_u64(),
            Rng::for_item(7, 4).next_u64()
        );
    }

    #[test]
    fn below_stays_in_bounds() {
        let mut rng = Rng::new(1);
        assert!((0..1000).all(|_| rng.below(43) < 43));
        assert!((0..1000).all(|_| (2..=5).contains(&rng.between(2, 5))));
    }
}
